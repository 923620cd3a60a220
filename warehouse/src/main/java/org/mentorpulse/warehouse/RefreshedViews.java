package org.mentorpulse.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The tables that refreshable materialized views recompute every minute from the replacing tables: each match's
 * latest day ({@code match_latest}, V017) and the dashboards' roll-ups (V018). Between refreshes they trail the
 * rows they are computed from by up to a minute, which the dashboards can afford; a reader that must see the rows
 * just written (the demo, the back-fill, tests, benchmarks) asks for a refresh and waits for it.
 */
public final class RefreshedViews {
    private RefreshedViews() {}

    /**
     * Recomputes every refreshed table of {@code database} now and returns once each holds what its sources held
     * when asked. The server queues a refresh at once, and its wait covers a queued refresh as well as a running
     * one. All are asked first and waited for after, so they run side by side.
     */
    public static void refreshAll(Connection c, String database) throws SQLException {
        List<String> views = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT view FROM system.view_refreshes WHERE database = ? ORDER BY view")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    views.add(database + ".`" + rs.getString(1) + "`");
                }
            }
        }
        try (Statement st = c.createStatement()) {
            for (String view : views) {
                st.execute("SYSTEM REFRESH VIEW " + view);
            }
            for (String view : views) {
                st.execute("SYSTEM WAIT VIEW " + view);
            }
        }
    }
}
