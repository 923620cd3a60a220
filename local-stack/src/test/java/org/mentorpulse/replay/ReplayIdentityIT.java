package org.mentorpulse.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mentorpulse.analytics.clickhouse.ClickHouseSink;
import org.mentorpulse.analytics.clickhouse.ClickHouseTarget;
import org.mentorpulse.analytics.clickhouse.EventsTable;
import org.mentorpulse.analytics.clickhouse.MatchRiskTable;
import org.mentorpulse.analytics.job.EngagementRiskJob;
import org.mentorpulse.config.Settings;
import org.mentorpulse.demo.Demo;
import org.mentorpulse.generator.SyntheticProgramGenerator;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.testing.LocalStackExtension;

/**
 * Replaying the log gives the same answer: a generated program is fed live (HTTP, deduplicator, the streaming
 * job), then the whole log is replayed from scratch by the same job, bounded, into empty tables beside the
 * live ones. Every match's daily risk must come out identical, whatever the order and speed in which the
 * replay reads the partitions (late corrections, matches first seen behind the watermark and all).
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ReplayIdentityIT {
    private static final String REPLAY_DB = "mentorpulse_replay";

    @Test
    void aReplayFromScratchWritesTheSameDailyRiskAsTheLiveRun(Settings settings, Endpoints endpoints)
            throws Exception {
        Demo.Result live = Demo.run(settings, new SyntheticProgramGenerator.Options(11, 20, 90,
                SyntheticProgramGenerator.Options.demo().start()), System.out);
        String program = live.program().programId();
        String until = live.day().toString();

        createReplayTables(endpoints);
        ClickHouseTarget replayTarget = new ClickHouseTarget(endpoints.clickhouseJdbcUrl(), endpoints.clickhouseUser(),
                endpoints.clickhousePassword(), REPLAY_DB);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        EngagementRiskJob.configure(env, Duration.ofSeconds(2));
        new EngagementRiskJob(EngagementRiskJob.boundedReplaySource(endpoints.kafkaBootstrap()),
                new ClickHouseSink<>(replayTarget, new EventsTable(), 5000, 5),
                new ClickHouseSink<>(replayTarget, new MatchRiskTable(), 5000, 5),
                EngagementRiskJob.Options.defaults().forReplay()).build(env);
        env.execute("mentorpulse-replay-test");

        try (Connection c = endpoints.openClickHouse()) {
            List<String> liveRows = risk(c, "mentorpulse", program, until);
            List<String> replayRows = risk(c, REPLAY_DB, program, until);
            assertThat(liveRows).hasSizeGreaterThan(20 * 80);
            assertThat(replayRows).containsExactlyElementsOf(liveRows);
        }
    }

    private static List<String> risk(Connection c, String database, String program, String until) throws Exception {
        List<String> rows = new ArrayList<>();
        String sql = "SELECT concat(match_id, ' ', toString(day), ' ', level, ' ', toString(score), ' ', "
                + "toString(days_since_two_way_contact), ' ', ifNull(toString(last_two_way_contact), 'never')) FROM " + database
                + ".match_risk FINAL WHERE program_id = '" + program + "' AND day <= '" + until
                + "' ORDER BY match_id, day";
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    /** The live schema's migrations, applied to a database of their own and starting empty. */
    private static void createReplayTables(Endpoints endpoints) throws Exception {
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + REPLAY_DB);
            st.execute("CREATE DATABASE " + REPLAY_DB);
            for (String migration : List.of("V001__events.sql", "V002__match_risk.sql")) {
                try (InputStream in = ReplayIdentityIT.class.getResourceAsStream("/clickhouse/migrations/" + migration)) {
                    String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                            .replace("mentorpulse.", REPLAY_DB + ".");
                    st.execute(sql);
                }
            }
        }
    }
}
