package org.mentorpulse.warehouse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What {@code participant.erased} does in ClickHouse (SPEC 8): the participant's id leaves every table of the
 * live database, and the research database, which holds only keyed pseudonyms, keeps its rows (its aggregates do
 * not change; the pseudonym simply no longer maps to anyone).
 *
 * <ul>
 *   <li>{@code events}: the actor id becomes {@value #ERASED} (a mutation; the rows stay, so counts do not
 *       change);</li>
 *   <li>{@code alerts} and {@code deliveries}: the recipient is part of their sorting keys, which a mutation
 *       cannot change, so the rows are written again with {@value #ERASED} in its place and the originals are
 *       deleted (lightweight deletes);</li>
 *   <li>{@code rejected_events}: a refused payload is free JSON, so a row whose payload holds the id as a string
 *       anywhere is deleted.</li>
 * </ul>
 * Other tables hold no participant ids ({@code match_daily}, {@code late_events} and the views are keyed by
 * match); the erasure test scans every column of both databases to keep that true.
 *
 * <p>Erased participants are recorded by the SHA-256 of their id ({@code erasures}), and every statement finds
 * rows by that hash, so the whole list can be enforced again at any time: after a replay, or when rows of an
 * erased participant arrive after the erasure (an event still in flight on another partition).
 */
public final class ParticipantErasure {
    public static final String ERASED = "erased";

    private ParticipantErasure() {}

    /** Lower-case hex SHA-256 of a participant id. */
    public static String hash(String participantId) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(participantId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Adds a participant to the database's list of erasures. */
    public static void record(Connection c, String database, String participantId, String eventSource,
            String eventId, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + database
                + ".erasures (participant_sha256, event_source, event_id, erased_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, hash(participantId));
            ps.setString(2, eventSource);
            ps.setString(3, eventId);
            ps.setObject(4, java.time.LocalDateTime.ofInstant(at, java.time.ZoneOffset.UTC));
            ps.executeUpdate();
        }
    }

    /** Enforces every recorded erasure in {@code database}; returns how many participants are on the list. */
    public static int apply(Connection c, String database) throws SQLException {
        List<String> hashes = Queries.firstColumn(c, "SELECT DISTINCT participant_sha256 FROM " + database
                + ".erasures");
        if (hashes.isEmpty()) {
            return 0;
        }
        try (Statement st = c.createStatement()) {
            for (String sql : statements(database, hashes, table -> columns(c, database, table))) {
                st.execute(sql);
            }
        }
        return hashes.size();
    }

    /** The statements, given the hashes (checked to be hex) and each rewritten table's columns. */
    static List<String> statements(String database, List<String> hashes, Function<String, List<String>> columns) {
        for (String h : hashes) {
            if (!h.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("not a SHA-256 in hex: " + h);
            }
        }
        String list = hashes.stream().map(h -> "'" + h + "'").collect(Collectors.joining(", ", "(", ")"));
        String db = database + ".";
        List<String> sql = new ArrayList<>();
        sql.add("ALTER TABLE " + db + "events UPDATE actor_id = '" + ERASED + "' WHERE " + erased("actor_id", list)
                + " SETTINGS mutations_sync = 2");
        sql.addAll(rewrite(database, "alerts", columns.apply("alerts"), "recipient",
                Map.of("recipient", "'" + ERASED + "'"), list));
        sql.addAll(rewrite(database, "deliveries", columns.apply("deliveries"), "recipient_id", Map.of(
                "recipient_id", "'" + ERASED + "'",
                "notification_id", "replaceAll(p_notification_id, p_recipient_id, '" + ERASED + "')",
                "reason", "replaceAll(p_reason, p_recipient_id, '" + ERASED + "')"), list));
        sql.add("DELETE FROM " + db + "rejected_events WHERE arrayExists(s -> " + erased("s", list)
                + ", extractAll(original_payload, '\"([^\"]*)\"'))");
        return sql;
    }

    private static String erased(String column, String list) {
        return "lower(hex(SHA256(" + column + "))) IN " + list;
    }

    /**
     * Writes the rows whose {@code idColumn} is erased again with the replacements, then deletes the originals.
     * Columns are renamed in a subquery: ClickHouse would otherwise read an alias (recipient = 'erased') where
     * the condition means the column.
     */
    private static List<String> rewrite(String database, String table, List<String> columns, String idColumn,
            Map<String, String> replacements, String list) {
        String inner = columns.stream().map(c -> c + " AS p_" + c).collect(Collectors.joining(", "));
        String outer = columns.stream().map(c -> replacements.getOrDefault(c, "p_" + c) + " AS " + c)
                .collect(Collectors.joining(", "));
        String t = database + "." + table;
        return List.of("INSERT INTO " + t + " (" + String.join(", ", columns) + ") SELECT " + outer + " FROM (SELECT "
                        + inner + " FROM " + t + " WHERE " + erased(idColumn, list) + ")",
                "DELETE FROM " + t + " WHERE " + erased(idColumn, list));
    }

    private static List<String> columns(Connection c, String database, String table) {
        try {
            return Queries.firstColumn(c, "SELECT name FROM system.columns WHERE database = ? AND table = ? "
                    + "AND default_kind NOT IN ('MATERIALIZED', 'ALIAS') ORDER BY position", database, table);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the columns of " + database + "." + table + ": "
                    + e.getMessage(), e);
        }
    }
}
