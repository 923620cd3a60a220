package org.mentorpulse.research;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;
import org.mentorpulse.warehouse.SchemaMigrator;

/**
 * Do nudges work? Of the alerts raised, a keyed hash held a share out of nudging (the holdout, recorded with each
 * raised alert); this compares how often the pair resumed two-way contact within 7 and within 14 days of the
 * alert's day, nudged against held out, with the difference's 95% confidence interval (Newcombe's hybrid score
 * interval, built from each arm's Wilson interval).
 *
 * <p>An alert counts for a window only when its match was evaluated for the whole window (a match whose data ends
 * three days after the alert says nothing about 7 days), so recent alerts join the figures as their days pass.
 */
public final class NudgeLift {
    /** How many of an arm's alerts were followed by two-way contact within the window. */
    public record Arm(long alerts, long resumed) {
        public double rate() {
            return alerts == 0 ? Double.NaN : (double) resumed / alerts;
        }
    }

    /**
     * One window's comparison: the lift is the nudged arm's rate minus the holdout's, with its interval (NaN
     * when an arm has no alert).
     */
    public record Window(int days, Arm nudged, Arm heldOut, double lift, double low, double high) {}

    static final int[] WINDOWS = {7, 14};
    private static final double CONFIDENCE = 0.95;

    private NudgeLift() {}

    /** The comparison for one program, or all programs when {@code programId} is empty. */
    public static List<Window> measure(Connection connection, String database, String programId) throws SQLException {
        if (!database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not a database name: " + database);
        }
        String sql = """
                SELECT held_out,
                       countIf(last_day >= raised_day + 7) AS alerts_7,
                       countIf(last_day >= raised_day + 7 AND first_contact <= raised_day + 7) AS resumed_7,
                       countIf(last_day >= raised_day + 14) AS alerts_14,
                       countIf(last_day >= raised_day + 14 AND first_contact <= raised_day + 14) AS resumed_14
                FROM (SELECT a.alert_id, any(a.held_out) AS held_out, any(a.raised_day) AS raised_day,
                             max(d.day) AS last_day,
                             minIfOrNull(d.day, d.two_way_contact = 1 AND d.day > a.raised_day) AS first_contact
                      FROM (SELECT alert_id, any(match_id) AS match_id, minIf(day, transition = 'raised') AS raised_day,
                                   anyIf(held_out, transition = 'raised') AS held_out
                            FROM mentorpulse.alerts FINAL
                            WHERE (? = '' OR program_id = ?) AND kind IN ('at_risk', 'stalled')
                            GROUP BY alert_id
                            HAVING countIf(transition = 'raised') > 0 AND held_out IS NOT NULL) AS a
                      INNER JOIN (SELECT match_id, day, two_way_contact FROM mentorpulse.match_daily FINAL
                                  WHERE is_deleted = 0) AS d ON d.match_id = a.match_id
                      GROUP BY a.alert_id)
                GROUP BY held_out
                """.replace(SchemaMigrator.MAIN_DATABASE + ".", database + ".");
        long[][] counts = new long[2][4]; // [held out?][alerts 7, resumed 7, alerts 14, resumed 14]
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, programId);
            ps.setString(2, programId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int arm = rs.getInt(1) == 1 ? 1 : 0;
                    for (int i = 0; i < 4; i++) {
                        counts[arm][i] = rs.getLong(i + 2);
                    }
                }
            }
        }
        List<Window> out = new ArrayList<>();
        for (int w = 0; w < WINDOWS.length; w++) {
            out.add(compare(WINDOWS[w], new Arm(counts[0][2 * w], counts[0][2 * w + 1]),
                    new Arm(counts[1][2 * w], counts[1][2 * w + 1])));
        }
        return out;
    }

    /** The difference of the two rates with Newcombe's hybrid score interval (his method 10). */
    static Window compare(int days, Arm nudged, Arm heldOut) {
        if (nudged.alerts() == 0 || heldOut.alerts() == 0) {
            return new Window(days, nudged, heldOut, Double.NaN, Double.NaN, Double.NaN);
        }
        WilsonScoreInterval wilson = new WilsonScoreInterval();
        ConfidenceInterval a = wilson.createInterval((int) nudged.alerts(), (int) nudged.resumed(), CONFIDENCE);
        ConfidenceInterval b = wilson.createInterval((int) heldOut.alerts(), (int) heldOut.resumed(), CONFIDENCE);
        double p1 = nudged.rate();
        double p2 = heldOut.rate();
        double lift = p1 - p2;
        double low = lift - Math.sqrt(square(p1 - a.getLowerBound()) + square(b.getUpperBound() - p2));
        double high = lift + Math.sqrt(square(a.getUpperBound() - p1) + square(p2 - b.getLowerBound()));
        return new Window(days, nudged, heldOut, lift, low, high);
    }

    private static double square(double x) {
        return x * x;
    }
}
