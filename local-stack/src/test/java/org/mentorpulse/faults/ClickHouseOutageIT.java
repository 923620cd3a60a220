package org.mentorpulse.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mentorpulse.analytics.backfill.Backfill;
import org.mentorpulse.analytics.config.AnalyticsSettings;
import org.mentorpulse.analytics.job.EngagementRiskJob;
import org.mentorpulse.pipeline.LocalBackfill;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.stack.LocalStack;
import org.mentorpulse.stack.StackState;
import org.mentorpulse.stack.clickhouse.ClickHouseServer;
import org.mentorpulse.testing.OwnStack;
import org.mentorpulse.testing.ProgramTopics;
import org.mentorpulse.testing.SameRows;
import org.mentorpulse.testing.Waiting;
import org.mentorpulse.testkit.generator.SyntheticProgramGenerator;
import org.mentorpulse.warehouse.SchemaMigrator;

/**
 * Fault drill: ClickHouse unreachable for a minute in the middle of a replay. The sink retries with backoff; when
 * its attempts are used up the job fails and Flink restarts it from its last checkpoint, again and again, while
 * the source waits behind the sink (back-pressure). Once the server is back the replay finishes, and its tables
 * must equal those of a replay that never lost the server, row for row.
 */
@Tag("fault")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ClickHouseOutageIT {
    private static final String REFERENCE = "mentorpulse_outage_reference";
    private static final String DRILL = "mentorpulse_outage_drill";
    private static final Duration OUTAGE = Duration.ofSeconds(60);

    /** A stack of its own: its ClickHouse is stopped, which the other tests must not see. */
    @RegisterExtension
    static final OwnStack OWN = new OwnStack("outage-stack");

    @Test
    void clickHouseAwayForAMinuteMidReplayLosesNothingAndCountsNothingTwice() throws Exception {
        LocalStack stack = OWN.stack();
        Endpoints endpoints = stack.up();
        EngagementRiskJob.Options options = EngagementRiskJob.Options.from(AnalyticsSettings.from(OWN.settings()));
        String topic = "mentorpulse.drill.outage";
        ProgramTopics.write(endpoints, topic,
                new SyntheticProgramGenerator.Options(78, 4000, 90, LocalDate.of(2026, 3, 2), 2));
        LocalBackfill.run(endpoints, stack.stateDir(), options, topic, REFERENCE, 2, System.out);

        CompletableFuture<Backfill.Result> drill = CompletableFuture.supplyAsync(() -> LocalBackfill.run(endpoints,
                stack.stateDir(), options, topic, DRILL, 2, Duration.ofSeconds(2), new PrintStream(System.out)));
        awaitFirstRows(endpoints, drill);
        ClickHouseServer.stop(StackState.read(stack.stateDir()).clickhouse(), stack.stateDir());
        System.out.println("ClickHouse stopped mid-replay; starting it again in " + OUTAGE.toSeconds() + " s");
        // the outage lasts as long as the drill says, whatever the replay does meanwhile
        awaitOrTimeOut(drill, OUTAGE);
        if (drill.isDone()) {
            drill.join(); // a replay that gave up during the outage fails the drill here, with its reason
        }
        assertThat(drill).as("a replay cannot finish without its tables").isNotDone();

        Endpoints back = stack.up();
        assertThat(back.clickhouseJdbcUrl()).as("ClickHouse back where the sink writes")
                .isEqualTo(endpoints.clickhouseJdbcUrl());
        Backfill.Result result = drill.get(5, TimeUnit.MINUTES);
        System.out.printf("the replay finished after the outage: %,d events, %,d match days%n", result.events(),
                result.days());

        try (Connection c = endpoints.openClickHouse()) {
            for (String table : List.of("events", "match_daily", "late_events")) {
                SameRows.assertSameRows(c, REFERENCE, DRILL, table);
            }
            SameRows.assertSameRows(c, SchemaMigrator.researchDatabase(REFERENCE), SchemaMigrator.researchDatabase(DRILL),
                    "match_outcomes");
        }
    }

    /** Waits until the drill's replay has written its first day rows: the outage falls mid-replay. */
    private static void awaitFirstRows(Endpoints endpoints, CompletableFuture<?> drill) throws Exception {
        Waiting.until("the replay's first rows", () -> {
            if (drill.isDone()) {
                drill.join();
            }
            assertThat(drill).as("the replay is still running").isNotDone();
            try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count() FROM system.tables WHERE database = '" + DRILL
                            + "' AND name = 'match_daily'")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    return 0L;
                }
                try (ResultSet rows = st.executeQuery("SELECT count() FROM " + DRILL + ".match_daily")) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        }, rows -> rows > 0);
    }

    /** Waits for the replay to end, at most {@code most}. */
    private static void awaitOrTimeOut(CompletableFuture<?> drill, Duration most) throws Exception {
        try {
            drill.exceptionally(e -> null).get(most.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // still running
        }
    }
}
