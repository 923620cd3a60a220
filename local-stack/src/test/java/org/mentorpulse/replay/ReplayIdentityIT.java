package org.mentorpulse.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mentorpulse.analytics.job.EngagementRiskJob;
import org.mentorpulse.config.Settings;
import org.mentorpulse.demo.Demo;
import org.mentorpulse.generator.SyntheticProgramGenerator;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.stack.LocalStack;
import org.mentorpulse.testing.LocalStackExtension;

/**
 * Replaying the log gives the same answer: a generated program is fed live (HTTP, deduplicator, the streaming
 * job), then the whole log is replayed from scratch by the same job, bounded, into empty tables beside the
 * live ones. Every match's daily metrics and risk must come out identical, column by column, whatever the order
 * and speed in which the replay reads the partitions (late corrections, time zones learned from another
 * partition and all).
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ReplayIdentityIT {
    private static final String REPLAY_DB = "mentorpulse_replay";

    @Test
    void aReplayFromScratchWritesTheSameDailyMetricsAndRiskAsTheLiveRun(Settings settings, Endpoints endpoints,
            LocalStack stack) throws Exception {
        Demo.Result live = Demo.run(settings, new SyntheticProgramGenerator.Options(11, 20, 90,
                SyntheticProgramGenerator.Options.demo().start()), System.out);
        String program = live.program().programId();
        String until = live.day().toString();

        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + REPLAY_DB);
        }
        Backfill.run(endpoints, stack.stateDir(), EngagementRiskJob.Options.from(settings.analytics()), REPLAY_DB, 2,
                System.out);

        try (Connection c = endpoints.openClickHouse()) {
            for (String table : List.of("match_risk", "match_daily")) {
                List<String> liveRows = rows(c, "mentorpulse", table, program, until);
                List<String> replayRows = rows(c, REPLAY_DB, table, program, until);
                assertThat(liveRows).as(table).hasSizeGreaterThan(20 * 80);
                assertThat(replayRows).as(table).containsExactlyElementsOf(liveRows);
            }
        }
    }

    /** Every column but the version, row by row; FINAL applies replacements and tombstones. */
    private static List<String> rows(Connection c, String database, String table, String program, String until)
            throws Exception {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM system.columns WHERE database = ? AND "
                + "table = ? AND name != 'version' ORDER BY position")) {
            ps.setString(1, database);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add("toString(" + rs.getString(1) + ")");
                }
            }
        }
        List<String> rows = new ArrayList<>();
        String sql = "SELECT concatWithSeparator(' | ', " + String.join(", ", columns) + ") FROM " + database + "."
                + table + " FINAL WHERE program_id = ? AND day <= ? ORDER BY match_id, day";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, program);
            ps.setString(2, until);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
        }
        return rows;
    }
}
