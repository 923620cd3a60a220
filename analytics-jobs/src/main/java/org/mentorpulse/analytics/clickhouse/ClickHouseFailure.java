package org.mentorpulse.analytics.clickhouse;

import com.clickhouse.client.api.ServerException;
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
     * non-nullable column, syntax, a violated CHECK constraint, and refused credentials or grants (repeating will
     * not make them right).
     */
    private static final Set<Integer> PERMANENT_CODES = Set.of(6, 16, 26, 27, 32, 33, 38, 41, 43, 44, 47, 53, 60,
            62, 69, 70, 72, 81, 117, 131, 190, 321, 349, 469, 497, 516);

    public static ClickHouseFailure of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            Integer code = t instanceof ServerException server && server.getCode() != ServerException.CODE_UNKNOWN
                    ? Integer.valueOf(server.getCode()) : codeOf(t);
            if (code != null) {
                return PERMANENT_CODES.contains(code) ? PERMANENT : TRANSIENT;
            }
        }
        // No verdict from the server: it is away, overloaded or the way to it broke. Rows are encoded before they
        // are sent, so a value that cannot be written is refused there and never gets here.
        return TRANSIENT;
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
