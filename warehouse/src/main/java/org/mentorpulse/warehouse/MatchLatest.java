package org.mentorpulse.warehouse;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@code match_latest}: each match's latest day, recomputed from {@code match_daily} every minute by a refreshable
 * materialized view (V017__match_latest.sql). Between refreshes it trails the day rows by up to a minute, which
 * the dashboards can afford; a reader that must see the rows just written asks for a refresh and waits for it.
 */
public final class MatchLatest {
    /** The refreshable view that fills {@code match_latest}. */
    public static final String VIEW = "match_latest_refresh";

    private MatchLatest() {}

    /**
     * Recomputes {@code database.match_latest} now and returns once it holds what {@code match_daily} held when
     * asked. The server queues the refresh at once and its wait covers a queued refresh as well as a running one.
     */
    public static void refresh(Connection c, String database) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SYSTEM REFRESH VIEW " + database + "." + VIEW);
            st.execute("SYSTEM WAIT VIEW " + database + "." + VIEW);
        }
    }
}
