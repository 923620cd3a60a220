package org.mentorpulse.research;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mentorpulse.pipeline.LocalBackfill;
import org.mentorpulse.research.NudgeLift.Arm;
import org.mentorpulse.research.NudgeLift.Window;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.testing.LocalStackExtension;
import org.mentorpulse.warehouse.SchemaMigrator;

/**
 * The nudge lift on the real server, in a database of its own holding planted alerts and days: which alerts
 * count for each window, and which count as resumed contact.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class NudgeLiftIT {
    private static final String DB = "mentorpulse_lift_probe";
    private Endpoints endpoints;

    /**
     * Every alert is raised on 2026-03-11, day 10 of its match's days from 2026-03-01. Nudged: m1 talks again 3
     * days later, m2 10 days later, m3 only on the alert's own day (which does not count). Held out: m4 talks
     * again 5 days later, m5 never, m6's days end 9 days after the alert (it counts for 7 days, not for 14).
     * m7, nudged, in another program, talks again the next day.
     */
    @BeforeEach
    void plant(Endpoints endpoints) throws SQLException {
        this.endpoints = endpoints;
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement()) {
            LocalBackfill.dropDatabase(st, DB);
            new SchemaMigrator().migrate(c, DB);
            days(st, "m1", "prog-lift", 25, 13);
            days(st, "m2", "prog-lift", 25, 20);
            days(st, "m3", "prog-lift", 25, 10);
            days(st, "m4", "prog-lift", 25, 15);
            days(st, "m5", "prog-lift", 25, -1);
            days(st, "m6", "prog-lift", 20, -1);
            days(st, "m7", "prog-other", 25, 11);
            for (String[] a : new String[][] {{"m1", "0", "stalled"}, {"m2", "0", "at_risk"}, {"m3", "0", "stalled"},
                    {"m4", "1", "stalled"}, {"m5", "1", "at_risk"}, {"m6", "1", "stalled"}, {"m7", "0", "stalled"}}) {
                String program = a[0].equals("m7") ? "prog-other" : "prog-lift";
                String id = a[0] + "/" + a[2] + "/2026-03-11";
                st.execute("INSERT INTO " + DB + ".alerts (alert_id, match_id, program_id, kind, transition, day, at, "
                        + "held_out, version) VALUES ('" + id + "', '" + a[0] + "', '" + program + "', '" + a[2]
                        + "', 'raised', '2026-03-11', '2026-03-11 20:00:00', " + a[1] + ", 1)");
                // later transitions carry no assignment and must not be counted as alerts of their own
                st.execute("INSERT INTO " + DB + ".alerts (alert_id, match_id, program_id, kind, transition, day, at, "
                        + "version) VALUES ('" + id + "', '" + a[0] + "', '" + program + "', '" + a[2]
                        + "', 'resolved', '2026-03-20', '2026-03-20 20:00:00', 2)");
            }
        }
    }

    /** {@code count} days of a match from 2026-03-01, with two-way contact on day {@code contactOn} (or none). */
    private static void days(Statement st, String match, String program, int count, int contactOn) throws SQLException {
        st.execute("INSERT INTO " + DB + ".match_daily (match_id, day, program_id, cohort_id, two_way_contact, version) "
                + "SELECT '" + match + "', toDate('2026-03-01') + number, '" + program + "', 'c-1', "
                + "if(number = " + contactOn + ", 1, 0), 1 FROM numbers(" + count + ")");
    }

    @AfterEach
    void drop() throws SQLException {
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement()) {
            LocalBackfill.dropDatabase(st, DB);
        }
    }

    @Test
    void resumedContactIsCountedPerArmAndWindowFromTheAlertsDay() throws SQLException {
        try (Connection c = endpoints.openClickHouse()) {
            List<Window> program = NudgeLift.measure(c, DB, "prog-lift");
            assertThat(program).extracting(Window::days, Window::nudged, Window::heldOut).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(7, new Arm(3, 1), new Arm(3, 1)),
                    org.assertj.core.groups.Tuple.tuple(14, new Arm(3, 2), new Arm(2, 1)));
            assertThat(program.get(1).lift()).isEqualTo(2 / 3.0 - 1 / 2.0);
            assertThat(program.get(1).low()).isLessThan(program.get(1).lift());
            assertThat(program.get(1).high()).isGreaterThan(program.get(1).lift());

            List<Window> all = NudgeLift.measure(c, DB, "");
            assertThat(all.get(0).nudged()).isEqualTo(new Arm(4, 2));
            assertThat(all.get(0).heldOut()).isEqualTo(new Arm(3, 1));
        }
    }
}
