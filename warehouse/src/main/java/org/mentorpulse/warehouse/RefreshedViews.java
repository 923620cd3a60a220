package org.mentorpulse.warehouse;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The tables that refreshable materialized views recompute every minute from the replacing tables: each match's
 * latest day ({@code match_latest}, V017) and the dashboards' roll-ups (V018). Between refreshes they trail the
 * rows they are computed from by up to a minute, which the dashboards can afford; a reader that must see the rows
 * just written (the demo, the back-fill, tests, benchmarks) asks for a refresh and waits for it.
 */
public final class RefreshedViews {
    /** How every refreshable view's name ends (see the migrations); a materialized view named so is one. */
    public static final String SUFFIX = "_refresh";

    private RefreshedViews() {}

    /**
     * Recomputes every refreshed table of {@code database} now and returns once each holds what its sources held
     * when asked. The server queues a refresh at once, and its wait covers a queued refresh as well as a running
     * one. One view at a time: side by side, their memory adds up (on 26 million day rows the largest alone,
     * match_latest's, takes about 520 MB), for a few seconds saved on two cores. A view whose periodic
     * refresh was stopped ({@link #stopPeriodic}) ignores a request to refresh, so each is started first; one that
     * was stopped stays started until stopped again. Returns the views' names.
     */
    public static List<String> refreshAll(Connection c, String database) throws SQLException {
        List<String> views = names(c, database);
        try (Statement st = c.createStatement()) {
            for (String view : views) {
                st.execute("SYSTEM START VIEW " + qualified(database, view));
                st.execute("SYSTEM REFRESH VIEW " + qualified(database, view));
                st.execute("SYSTEM WAIT VIEW " + qualified(database, view));
            }
        }
        return views;
    }

    /**
     * Stops the periodic refreshes of a database that is written once and then read, such as a replay's or a
     * benchmark's: recomputing its roll-ups every minute would only load the server (seconds of work a minute on
     * a program of a million events, beside whatever is being measured), and its writer refreshes them when it
     * is done. The live database keeps refreshing. A server restart starts them again.
     */
    public static void stopPeriodic(Connection c, String database) throws SQLException {
        List<String> views = names(c, database);
        try (Statement st = c.createStatement()) {
            for (String view : views) {
                st.execute("SYSTEM STOP VIEW " + qualified(database, view));
            }
        }
    }

    private static List<String> names(Connection c, String database) throws SQLException {
        // by name, from system.tables, which every user may read for the tables it has: system.view_refreshes would
        // need a grant of its own that existing writers do not have
        return Queries.firstColumn(c, "SELECT name FROM system.tables WHERE database = ? "
                + "AND engine = 'MaterializedView' AND endsWith(name, '" + SUFFIX + "') ORDER BY name", database);
    }

    private static String qualified(String database, String view) {
        return database + ".`" + view + "`";
    }
}
