package org.mentorpulse.demo;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads stalled matches of one program on one day from {@code mentorpulse.match_risk}. FINAL makes
 * ClickHouse merge replaced rows before answering, so a recomputed day is counted once.
 */
public final class StalledRelationshipsQuery {
    private StalledRelationshipsQuery() {}

    public static List<StalledRelationship> stalledOn(Connection c, String programId, LocalDate day)
            throws SQLException {
        String sql = "SELECT match_id, cohort_id, days_since_two_way_contact, "
                + "toDate(last_two_way_contact) AS last_contact, score "
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
                            rs.getInt("days_since_two_way_contact"), last == null ? null : last.toLocalDate(),
                            rs.getInt("score")));
                }
            }
            return rows;
        }
    }

    /** How many of the program's events (by id prefix) the pipeline has written to the events table. */
    public static long eventsStored(Connection c, String source, String idPrefix) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT uniqExact(id) FROM mentorpulse.events WHERE source = ? AND startsWith(id, ?)")) {
            ps.setString(1, source);
            ps.setString(2, idPrefix);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A fingerprint of the program's risk rows; it stops changing when the pipeline has nothing left to do. */
    public static String riskRowsFingerprint(Connection c, String programId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT count(), sum(version) FROM mentorpulse.match_risk WHERE program_id = ?")) {
            ps.setString(1, programId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) + "/" + rs.getString(2);
            }
        }
    }

    /** How many of the program's matches have a row for the day: the pipeline's progress. */
    public static int matchesEvaluatedOn(Connection c, String programId, LocalDate day) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT uniqExact(match_id) FROM mentorpulse.match_risk WHERE program_id = ? AND day = ?")) {
            ps.setString(1, programId);
            ps.setObject(2, day);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
