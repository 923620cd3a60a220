package org.mentorpulse.bench;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.warehouse.ClickHouseConnections;
import org.mentorpulse.warehouse.Queries;

/**
 * Baseline (c) of the replay benchmark: the day rows computed by ClickHouse SQL from the raw events, one
 * {@code INSERT ... SELECT} ({@code bench/sql-peer-match-daily.sql}), as a team without MentorPulse would. It
 * computes the columns of {@code match_daily} that need only counting and window functions (contact, meetings,
 * messages) by the job's rules, so where both ran on the same log their rows must agree: {@link #compare}.
 */
public final class SqlPeer {
    /** The columns the peer computes, named as in {@code match_daily}. */
    public static final List<String> COLUMNS = List.of("match_id", "day", "program_id", "cohort_id", "timezone",
            "days_since_start", "two_way_contact", "days_since_two_way_contact", "two_way_days_28d",
            "two_way_days_total", "meetings_held", "meeting_minutes", "messages_from_mentor", "messages_from_mentee",
            "meetings_held_28d", "meetings_held_56d");

    private static final DateTimeFormatter CLICKHOUSE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    /** Rows of the job and of the peer on the peer's columns: how many, and how many of each has the other lacks. */
    public record Agreement(long jobRows, long peerRows, long onlyJob, long onlyPeer, List<String> examples) {
        public boolean agrees() {
            return jobRows == peerRows && onlyJob == 0 && onlyPeer == 0;
        }
    }

    private SqlPeer() {}

    /**
     * Lands the events as received (CloudEvents, {@code data} kept as JSON text) in {@code database.raw_events}:
     * the table a team without MentorPulse would compute from. Not part of what is measured.
     */
    public static void load(Endpoints endpoints, String database, List<ObjectNode> events) throws Exception {
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS " + database);
            st.execute("DROP TABLE IF EXISTS " + database + ".raw_events");
            st.execute("CREATE TABLE " + database + ".raw_events (id String, source String, type LowCardinality(String), "
                    + "time DateTime64(3, 'UTC'), subject String, data String) ENGINE = MergeTree ORDER BY (type, time)");
        }
        ObjectMapper json = new ObjectMapper();
        InsertSettings settings = new InsertSettings()
                .serverSetting("input_format_json_read_objects_as_strings", "1")
                .serverSetting("input_format_skip_unknown_fields", "1")
                .serverSetting("date_time_input_format", "best_effort");
        try (Client client = client(endpoints)) {
            int batch = 50_000;
            for (int from = 0; from < events.size(); from += batch) {
                ByteArrayOutputStream ndjson = new ByteArrayOutputStream();
                for (ObjectNode e : events.subList(from, Math.min(events.size(), from + batch))) {
                    json.writeValue(ndjson, e);
                    ndjson.write('\n');
                }
                try (InputStream in = new ByteArrayInputStream(ndjson.toByteArray())) {
                    client.insert(database + ".raw_events", in, ClickHouseFormat.JSONEachRow, settings)
                            .get(5, TimeUnit.MINUTES).close();
                }
            }
        }
    }

    /**
     * Computes the day rows from {@code database.raw_events} into a fresh {@code database.match_daily_sql}: the days
     * that ended by {@code through} (the replay's watermark at the end of its log). Seconds the statement took.
     */
    public static double run(Endpoints endpoints, String database, Instant through) throws Exception {
        List<String> zones = new ArrayList<>();
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + database + ".match_daily_sql");
            st.execute("CREATE TABLE " + database + ".match_daily_sql (match_id String, day Date, program_id String, "
                    + "cohort_id String, timezone LowCardinality(String), days_since_start Int32, two_way_contact UInt8, "
                    + "days_since_two_way_contact Int32, two_way_days_28d UInt16, two_way_days_total UInt32, "
                    + "meetings_held UInt16, meeting_minutes UInt32, messages_from_mentor UInt16, "
                    + "messages_from_mentee UInt16, meetings_held_28d UInt16, meetings_held_56d UInt16) "
                    + "ENGINE = MergeTree ORDER BY (match_id, day)");
            zones.addAll(Queries.firstColumn(c, "SELECT DISTINCT JSONExtractString(data, 'timezone') FROM "
                    + database + ".raw_events WHERE type = 'org.mentorpulse.participant.registered' ORDER BY 1"));
        }
        String sql = template()
                .replace("{db}", database)
                .replace("{local_day}", localDay(zones))
                .replace("{through}", CLICKHOUSE_TIME.format(through));
        try (Client client = client(endpoints)) {
            long start = System.nanoTime();
            client.query(sql).get(30, TimeUnit.MINUTES).close();
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /**
     * The job's {@code match_daily} (under FINAL) in {@code jobDatabase} against the peer's rows in
     * {@code peerDatabase}, on the peer's columns, leaving out the matches in the job's {@code late_events}: the job
     * sets aside events too late to correct a closed day, which the peer, reading everything at once, counts.
     *
     * <p>Both sides in one GROUP BY over the rows, counting each distinct row on each side (what EXCEPT ALL
     * compares), rather than two EXCEPTs: an EXCEPT holds one side's 2.6 million rows in a hash set, about 900 MB
     * of the server's memory, where a GROUP BY can spill to disk.
     */
    public static Agreement compare(Connection c, String jobDatabase, String peerDatabase) throws SQLException {
        String columns = String.join(", ", COLUMNS);
        String onTime = " WHERE match_id NOT IN (SELECT match_id FROM " + jobDatabase + ".late_events)";
        String rows = "(SELECT " + columns + ", countIf(side = 1) AS job, countIf(side = 2) AS peer FROM ("
                + "SELECT " + columns + ", 1 AS side FROM " + jobDatabase + ".match_daily FINAL" + onTime
                + " UNION ALL SELECT " + columns + ", 2 AS side FROM " + peerDatabase + ".match_daily_sql" + onTime
                + ") GROUP BY " + columns + ")";
        String spill = " SETTINGS max_bytes_before_external_group_by = 268435456, "
                + "max_bytes_before_external_sort = 268435456";
        try (Statement st = c.createStatement()) {
            long[] counts = new long[4];
            try (ResultSet rs = st.executeQuery("SELECT sum(job), sum(peer), sum(greatest(job, peer) - peer), "
                    + "sum(greatest(job, peer) - job) FROM " + rows + spill)) {
                rs.next();
                for (int i = 0; i < 4; i++) {
                    counts[i] = rs.getLong(i + 1);
                }
            }
            List<String> examples = new ArrayList<>();
            if (counts[2] + counts[3] > 0) {
                try (ResultSet rs = st.executeQuery("SELECT " + columns + ", job > peer FROM " + rows
                        + " WHERE job != peer ORDER BY match_id, day LIMIT 6" + spill)) {
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder("only the " + (rs.getBoolean(COLUMNS.size() + 1)
                                ? "job" : "peer") + ":");
                        for (int i = 1; i <= COLUMNS.size(); i++) {
                            row.append(' ').append(COLUMNS.get(i - 1)).append('=').append(rs.getString(i));
                        }
                        examples.add(row.toString());
                    }
                }
            }
            return new Agreement(counts[0], counts[1], counts[2], counts[3], examples);
        }
    }

    /**
     * ClickHouse's date functions take only a constant zone, so the local day of a zone held in a column is one
     * branch per zone the program uses.
     */
    static String localDay(List<String> zones) {
        String branches = zones.stream()
                .peek(SqlPeer::checkZone)
                .map(z -> "z = '" + z + "', toDate(t, '" + z + "')")
                .collect(Collectors.joining(", "));
        return "(t, z) -> multiIf(" + (branches.isEmpty() ? "" : branches + ", ") + "toDate(t, 'UTC'))";
    }

    /** Zone names go into the statement's text; the events are the benchmark's own, but a name is checked anyway. */
    private static void checkZone(String zone) {
        if (!zone.matches("[A-Za-z0-9_+\\-/]+")) {
            throw new IllegalArgumentException("timezone: not a zone name: " + zone);
        }
    }

    private static String template() {
        try (InputStream in = SqlPeer.class.getResourceAsStream("/bench/sql-peer-match-daily.sql")) {
            if (in == null) {
                throw new IllegalStateException("bench/sql-peer-match-daily.sql is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Client client(Endpoints endpoints) {
        return ClickHouseConnections.client(endpoints.clickhouseJdbcUrl(), endpoints.clickhouseUser(),
                        endpoints.clickhousePassword())
                .setSocketTimeout(30, ChronoUnit.MINUTES)
                .build();
    }
}
