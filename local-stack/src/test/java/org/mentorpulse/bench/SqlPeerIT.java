package org.mentorpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mentorpulse.analytics.backfill.Backfill;
import org.mentorpulse.analytics.config.AnalyticsSettings;
import org.mentorpulse.analytics.event.LogEnd;
import org.mentorpulse.analytics.job.EngagementRiskJob;
import org.mentorpulse.config.Settings;
import org.mentorpulse.pipeline.LocalBackfill;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.stack.LocalStack;
import org.mentorpulse.testing.LocalStackExtension;
import org.mentorpulse.testing.ProgramTopics;
import org.mentorpulse.testkit.generator.SyntheticProgramGenerator;

/**
 * The replay benchmark's SQL peer (baseline (c)) and the engagement job, on one generated program, write the same
 * day rows on every column both compute: the same days of the same matches, the same contact, meeting and
 * message counts and windows. The peer is an independent spelling of the metrics' rules in SQL, so this is a
 * differential check of the job, and it keeps the benchmark's baseline honest.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class SqlPeerIT {
    private static final String TOPIC = "mentorpulse.it.sql-peer";
    private static final String DATABASE = "mentorpulse_sql_peer";

    @Test
    void theSqlPeerAndTheJobWriteTheSameDayRowsOnTheColumnsBothCompute(Endpoints endpoints, Settings settings,
            LocalStack stack) throws Exception {
        EngagementRiskJob.Options options = EngagementRiskJob.Options.from(AnalyticsSettings.from(settings));
        List<ObjectNode> events = new SyntheticProgramGenerator(new SyntheticProgramGenerator.Options(23, 400, 120,
                LocalDate.of(2026, 3, 2), 3)).generate().events();
        ProgramTopics.create(endpoints, new NewTopic(TOPIC, 3, (short) 1));
        AnalyticsReplayBenchmark.write(endpoints.kafkaBootstrap(), TOPIC, events);
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement()) {
            LocalBackfill.dropDatabase(st, DATABASE);
        }
        Backfill.Result job = LocalBackfill.run(endpoints, stack.stateDir(), options, TOPIC, DATABASE, 2,
                new PrintStream(OutputStream.nullOutputStream()));
        assertThat(job.events()).as("events the job read: the peer's input, all of it").isEqualTo(events.size());

        SqlPeer.load(endpoints, DATABASE, events);
        Instant through = Instant.ofEpochMilli(
                LogEnd.of(endpoints.kafkaBootstrap(), TOPIC).watermark(options.outOfOrderness()));
        // the log's clock ends in the program's last days: an earlier end (a partition whose last record is an old
        // event) would leave both sides with few or no days, and the comparison below with nothing to compare
        assertThat(through).as("the replay's watermark at the end of the log")
                .isAfter(LocalDate.of(2026, 3, 2).plusDays(120 - 3).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
        assertThat(job.days()).as("the job's day rows through %s", through).isGreaterThan(400L * 100);
        SqlPeer.run(endpoints, DATABASE, through);

        try (Connection c = endpoints.openClickHouse()) {
            SqlPeer.Agreement agreement = SqlPeer.compare(c, DATABASE, DATABASE);
            System.out.printf("through %s: job %,d day rows, SQL peer %,d; only the job %,d, only the peer %,d%n%s%n", through,
                    agreement.jobRows(), agreement.peerRows(), agreement.onlyJob(), agreement.onlyPeer(),
                    String.join("\n", agreement.examples()));
            assertThat(agreement.jobRows()).as("the job's day rows, none of them left out of the comparison")
                    .isEqualTo(job.days());
            assertThat(agreement.examples()).as("rows one side has and the other lacks").isEmpty();
            assertThat(agreement.peerRows()).isEqualTo(agreement.jobRows());
            assertThat(agreement.onlyJob() + agreement.onlyPeer()).isZero();

            // one of the peer's rows changed: the comparison finds it on both sides and shows it
            String match;
            String day;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT match_id, toString(day) "
                    + "FROM " + DATABASE + ".match_daily_sql WHERE match_id NOT IN (SELECT match_id FROM " + DATABASE
                    + ".late_events) ORDER BY match_id, day LIMIT 1")) {
                assertThat(rs.next()).as("a day row of the peer's %,d, outside the late matches", agreement.peerRows())
                        .isTrue();
                match = rs.getString(1);
                day = rs.getString(2);
                st.execute("ALTER TABLE " + DATABASE + ".match_daily_sql UPDATE meetings_held = meetings_held + 7 "
                        + "WHERE match_id = '" + match + "' AND day = '" + day + "' SETTINGS mutations_sync = 2");
            }
            SqlPeer.Agreement changed = SqlPeer.compare(c, DATABASE, DATABASE);
            assertThat(changed.jobRows()).isEqualTo(agreement.jobRows());
            assertThat(changed.peerRows()).isEqualTo(agreement.peerRows());
            assertThat(changed.onlyJob()).isEqualTo(1);
            assertThat(changed.onlyPeer()).isEqualTo(1);
            assertThat(changed.agrees()).isFalse();
            assertThat(changed.examples()).hasSize(2).allSatisfy(e -> assertThat(e)
                    .contains("match_id=" + match + " day=" + day));
            assertThat(changed.examples()).anySatisfy(e -> assertThat(e).startsWith("only the job:"))
                    .anySatisfy(e -> assertThat(e).startsWith("only the peer:"));
        }
    }
}
