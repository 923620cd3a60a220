package org.mentorpulse.analytics.clickhouse;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which failures of an insert are worth retrying. The sink decides by this one classification rather than by
 * scattered catch blocks: a transient failure (the server is away, overloaded, or has too many parts to merge)
 * is retried with backoff; a permanent one (the data or the schema is wrong) will fail the same way however
 * often it is repeated, so the sink isolates the row and stops the job.
 */
public enum ClickHouseFailure {
    TRANSIENT, PERMANENT;

    private static final Pattern CODE = Pattern.compile("Code: (\\d+)");
    /**
     * ClickHouse error codes (src/Common/ErrorCodes.cpp) that say the rows or the statement are wrong: parse
     * and conversion errors, values out of range, unknown columns or tables, type mismatches, NULL into a
     * non-nullable column, syntax, and refused credentials or grants (repeating will not make them right).
     */
    private static final Set<Integer> PERMANENT_CODES = Set.of(6, 16, 26, 27, 32, 33, 38, 41, 43, 44, 47, 53, 60,
            62, 69, 70, 72, 81, 117, 131, 190, 321, 349, 497, 516);

    public static ClickHouseFailure of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof SocketTimeoutException
                    || t instanceof UnknownHostException || t instanceof SQLTransientException) {
                return TRANSIENT;
            }
            Integer code = codeOf(t);
            if (code != null) {
                return PERMANENT_CODES.contains(code) ? PERMANENT : TRANSIENT;
            }
        }
        // no server code: an I/O problem on the way is worth another try; anything else (the driver refusing a
        // value before sending it) is the data's fault
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return TRANSIENT;
            }
        }
        return failure instanceof SQLException && ((SQLException) failure).getSQLState() != null
                && ((SQLException) failure).getSQLState().startsWith("08") ? TRANSIENT : PERMANENT;
    }

    /** The ClickHouse error code named in an exception's message ("Code: 27. DB::Exception: ..."), if any. */
    static Integer codeOf(Throwable t) {
        String message = t.getMessage();
        if (message == null) {
            return null;
        }
        Matcher m = CODE.matcher(message);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }
}
