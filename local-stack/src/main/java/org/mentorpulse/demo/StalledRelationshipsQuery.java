package org.mentorpulse.demo;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.mentorpulse.warehouse.RefreshedViews;
import org.mentorpulse.warehouse.SchemaMigrator;

/**
 * Reads stalled matches of one program on one day from {@code mentorpulse.match_risk}. FINAL makes
 * ClickHouse merge replaced rows (and drop withdrawn ones) before answering, so a recomputed day is counted
 * once. The last contact is shown as a local day of the match, like {@code day}.
 */
public final class StalledRelationshipsQuery {
    private StalledRelationshipsQuery() {}

    public static List<StalledRelationship> stalledOn(Connection c, String programId, LocalDate day)
            throws SQLException {
        String sql = "SELECT match_id, cohort_id, days_since_two_way_contact, stall_threshold_days, "
                + "if(isNull(last_two_way_contact), NULL, day - days_since_two_way_contact) AS last_contact, score, why "
                + "FROM mentorpulse.match_risk FINAL "
                + "WHERE program_id = ? AND day = ? AND level = 'stalled' "
                + "ORDER BY days_since_two_way_contact DESC, match_id";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, programId);
            ps.setObject(2, day);
            List<StalledRelationship> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Date last = rs.getDate("last_contact");
                    rows.add(new StalledRelationship(rs.getString("match_id"), rs.getString("cohort_id"),
                            rs.getInt("days_since_two_way_contact"), rs.getInt("stall_threshold_days"),
                            last == null ? null : last.toLocalDate(), rs.getInt("score"), rs.getString("why")));
                }
            }
            return rows;
        }
    }

    /**
     * The program's matches stalled on their own latest evaluated day: what has an open stalled alert once the
     * alerting app has caught up (a match that has ended since its stall is not among them).
     */
    public static java.util.Set<String> stalledNow(Connection c, String programId) throws SQLException {
        java.util.Set<String> out = new java.util.TreeSet<>();
        RefreshedViews.refreshAll(c, SchemaMigrator.MAIN_DATABASE); // "now": the latest days as the day rows are now
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT match_id FROM mentorpulse.match_current WHERE program_id = ? AND level = 'stalled'")) {
            ps.setString(1, programId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** How many of the program's events (by id prefix) the pipeline has written to the events table. */
    public static long eventsStored(Connection c, String source, String idPrefix) throws SQLException {
        return Long.parseLong(firstValue(c,
                "SELECT uniqExact(id) FROM mentorpulse.events WHERE source = ? AND startsWith(id, ?)", source,
                idPrefix));
    }

    /**
     * A fingerprint of the program's risk rows and research outcomes; it stops changing when the pipeline has
     * nothing left to do.
     */
    public static String riskRowsFingerprint(Connection c, String programId) throws SQLException {
        String rows = "SELECT concat(toString(count()), '/', toString(sum(version))) FROM %s WHERE program_id = ?";
        return firstValue(c, rows.formatted("mentorpulse.match_daily"), programId) + " "
                + firstValue(c, rows.formatted("mentorpulse_research.match_outcomes"), programId);
    }

    /** How many of the program's matches have a row for the day: the pipeline's progress. */
    public static int matchesEvaluatedOn(Connection c, String programId, LocalDate day) throws SQLException {
        return Integer.parseInt(firstValue(c,
                "SELECT uniqExact(match_id) FROM mentorpulse.match_risk WHERE program_id = ? AND day = ?", programId,
                day));
    }

    private static String firstValue(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
