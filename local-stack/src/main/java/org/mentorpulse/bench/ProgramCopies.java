package org.mentorpulse.bench;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.mentorpulse.warehouse.Queries;
import org.mentorpulse.warehouse.RefreshedViews;

/**
 * Makes a computed program {@code copies} times as large inside its database: every row the engagement job wrote
 * is written again {@code copies - 1} times, each time under other match, event, actor and alert ids (the original
 * with {@code ~k} appended), in the same program and cohorts; then the roll-ups are recomputed from the grown
 * tables.
 *
 * <p>Why copies and not a program generated that large: at ten million events the local job's state (every event
 * of every running match) does not fit its heap, while the dashboards only read the tables. A copied program has
 * the row counts, the key spread and the cohort sizes of one ten times as large; what it lacks is variety (each
 * match's history repeats ten times), which no panel's cost depends on.
 */
final class ProgramCopies {
    /** The columns that identify a match, an event, a participant or an alert: what a copy must not share. */
    private static final Set<String> IDENTIFYING = Set.of("match_id", "id", "actor_id", "alert_id");

    private static final String SMALL_BLOCKS = "max_threads = 1, max_block_size = 16384, "
            + "min_insert_block_size_rows = 65536, min_insert_block_size_bytes = 33554432, max_insert_block_size = 65536";

    private ProgramCopies() {}

    /** Fails when a table does not hold exactly {@code copies - 1} copies of each original row (as FINAL counts). */
    static void multiply(Connection c, String database, int copies, PrintStream out) throws SQLException {
        if (copies <= 1) {
            return;
        }
        try (Statement st = c.createStatement()) {
            for (String table : copiedTables(c, database)) {
                long started = System.nanoTime();
                List<String> identifying = columns(c, database, table).stream().filter(IDENTIFYING::contains)
                        .toList();
                // one copy per statement: all of them in one (an ARRAY JOIN over the copies) made every block nine
                // times as large, and the server's memory went past 3.5 GB on the day rows. Each copies the original
                // rows only (no generated id holds a '~'), not the copies made before it; the filter is in a
                // subquery because in ClickHouse a WHERE beside the REPLACE would see the renamed match_id.
                // Blocks of 64 Ki rows, one thread: with the defaults (a million rows per inserted block) each copy
                // of the day rows took the server from 0.5 to 2.1 GB, with these to 1 GB, in about the same time.
                for (int copy = 1; copy < copies; copy++) {
                    String suffix = "~" + copy;
                    List<String> renamed = identifying.stream()
                            .map(column -> "concat(" + column + ", '" + suffix + "') AS " + column).toList();
                    st.execute("INSERT INTO " + database + "." + table + " SELECT * REPLACE ("
                            + String.join(", ", renamed) + ") FROM (SELECT * FROM " + database + "." + table
                            + " WHERE NOT position(match_id, '~')) SETTINGS " + SMALL_BLOCKS);
                }
                // merged now, as background merges would have merged a table that grew over months: the panels
                // read with FINAL, whose cost depends on how many parts there are, and should see the steady state
                st.execute("OPTIMIZE TABLE " + database + "." + table + " FINAL");
                long[] originalsAndCopies = originalsAndCopies(st, database, table);
                if (originalsAndCopies[1] != originalsAndCopies[0] * (copies - 1)) {
                    throw new IllegalStateException(String.format("%s.%s holds %,d copied rows, not %d times its %,d "
                            + "original rows", database, table, originalsAndCopies[1], copies - 1,
                            originalsAndCopies[0]));
                }
                out.printf("  %s.%s: %,d rows copied %d times (%,d rows) and merged in %.1f s%n", database, table,
                        originalsAndCopies[0], copies - 1, originalsAndCopies[1], (System.nanoTime() - started) / 1e9);
            }
        }
        long started = System.nanoTime();
        RefreshedViews.refreshAll(c, database);
        RefreshedViews.stopPeriodic(c, database);
        out.printf("  roll-ups recomputed from the grown tables in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    /**
     * The tables the job writes that hold matches: those with a match id, leaving out the roll-ups (each is the
     * target of a refreshed view, recomputed afterwards rather than copied).
     */
    private static List<String> copiedTables(Connection c, String database) throws SQLException {
        return Queries.firstColumn(c, "SELECT t.name FROM system.tables AS t WHERE t.database = ? AND t.engine LIKE '%MergeTree' "
                + "AND t.name IN (SELECT table FROM system.columns WHERE database = ? AND name = 'match_id') "
                + "AND concat(t.name, '" + RefreshedViews.SUFFIX + "') NOT IN "
                + "(SELECT name FROM system.tables WHERE database = ?) ORDER BY t.name", database, database, database);
    }

    private static List<String> columns(Connection c, String database, String table) throws SQLException {
        return Queries.firstColumn(c, "SELECT name FROM system.columns WHERE database = ? AND table = ? ORDER BY position",
                database, table);
    }

    /** The table's rows as its readers count them (FINAL): the original ones and the copies. */
    private static long[] originalsAndCopies(Statement st, String database, String table) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT countIf(NOT position(match_id, '~')), countIf(position(match_id, "
                + "'~') > 0) FROM " + database + "." + table + " FINAL")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }
}
