package org.mentorpulse.research;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mentorpulse.pipeline.LocalBackfill;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.testing.LocalStackExtension;
import org.mentorpulse.warehouse.SchemaMigrator;

/**
 * Cells of fewer than 5 matches are suppressed and marked, in the managers' weekly roll-ups and in the
 * researchers' outcome aggregates, and so is the smallest other cell when the small ones together hold fewer
 * than 5 (else the program's total would give them back).
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SmallCellSuppressionIT {
    private static final String DB = "mentorpulse_cells_probe";
    private Endpoints endpoints;

    @BeforeEach
    void plant(Endpoints endpoints) throws SQLException {
        this.endpoints = endpoints;
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement()) {
            LocalBackfill.dropDatabase(st, DB);
            new SchemaMigrator().migrate(c, DB);
            // one week; prog-cells: cohorts of 10, 3, 6 and 7 matches; prog-tiny: one cohort of 3
            matches(st, "prog-cells", "c-a", 10);
            matches(st, "prog-cells", "c-b", 3);
            matches(st, "prog-cells", "c-c", 6);
            matches(st, "prog-cells", "c-d", 7);
            matches(st, "prog-tiny", "c-t", 3);
            // outcomes: prog-r1 with cohorts of 7, 2 and 3 (the small ones hold 5 together); prog-r2 with 6 and 2
            outcomes(st, "prog-r1", "cx", 7);
            outcomes(st, "prog-r1", "cy", 2);
            outcomes(st, "prog-r1", "cz", 3);
            outcomes(st, "prog-r2", "cv", 6);
            outcomes(st, "prog-r2", "cw", 2);
        }
    }

    /** {@code n} matches of a cohort, each evaluated once on Wednesday 2026-03-04, every other one stalled. */
    private static void matches(Statement st, String program, String cohort, int n) throws SQLException {
        st.execute("INSERT INTO " + DB + ".match_daily (match_id, day, program_id, cohort_id, level, score, version) "
                + "SELECT concat('" + cohort + "-', toString(number)), toDate('2026-03-04'), '" + program + "', '"
                + cohort + "', if(number % 2 = 0, 'stalled', 'on_track'), 50, 1 FROM numbers(" + n + ")");
    }

    private static void outcomes(Statement st, String program, String cohort, int n) throws SQLException {
        st.execute("INSERT INTO mentorpulse_research.match_outcomes (match_pseudonym, program_id, cohort_pseudonym, "
                + "start_date, censor_date, outcome, closed_early, duration_days, version) "
                + "SELECT concat('" + program + cohort + "-', toString(number)), '" + program + "', '" + cohort
                + "', toDate('2026-01-05'), toDate('2026-04-05'), if(number = 0, 'closed_early', 'completed'), "
                + "toUInt8(number = 0), 90, 1 FROM numbers(" + n + ")");
    }

    @AfterEach
    void clean() throws SQLException {
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement()) {
            LocalBackfill.dropDatabase(st, DB);
            st.execute("DELETE FROM mentorpulse_research.match_outcomes WHERE program_id IN ('prog-r1', 'prog-r2')");
        }
    }

    @Test
    void theManagersWeeklyRollUpsSuppressSmallCohortsAndTheCohortThatWouldGiveThemBack() throws SQLException {
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement()) {
            assertThat(rows(st, "SELECT program_id, cohort_id, suppressed, matches, stalled FROM " + DB
                    + ".cohort_weekly ORDER BY program_id, cohort_id")).containsExactly(
                    "prog-cells c-a 0 10 5",
                    "prog-cells c-b 1 null null",
                    "prog-cells c-c 1 null null",
                    "prog-cells c-d 0 7 4",
                    "prog-tiny c-t 1 null null");
            assertThat(rows(st, "SELECT program_id, suppressed, matches, stalled FROM " + DB
                    + ".program_weekly ORDER BY program_id")).containsExactly(
                    "prog-cells 0 26 14",
                    "prog-tiny 1 null null");
        }
    }

    @Test
    void theResearchersOutcomeAggregatesAreSuppressedTheSameWayAndReadableByTheResearcher() throws SQLException {
        try (Connection c = endpoints.openClickHouseAsResearcher(); Statement st = c.createStatement()) {
            assertThat(rows(st, "SELECT program_id, cohort_pseudonym, suppressed, matches, closed_early FROM "
                    + "mentorpulse_research.cohort_outcomes WHERE program_id IN ('prog-r1', 'prog-r2') "
                    + "ORDER BY program_id, cohort_pseudonym")).containsExactly(
                    "prog-r1 cx 0 7 1",
                    "prog-r1 cy 1 null null",
                    "prog-r1 cz 1 null null",
                    "prog-r2 cv 1 null null",
                    "prog-r2 cw 1 null null");
            assertThat(rows(st, "SELECT program_id, suppressed, matches, closed_early FROM "
                    + "mentorpulse_research.program_outcomes WHERE program_id IN ('prog-r1', 'prog-r2') "
                    + "ORDER BY program_id")).containsExactly("prog-r1 0 12 3", "prog-r2 0 8 2");
        }
    }

    private static List<String> rows(Statement st, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(String.valueOf(rs.getString(i)));
                }
                out.add(String.join(" ", values));
            }
        }
        return out;
    }
}
