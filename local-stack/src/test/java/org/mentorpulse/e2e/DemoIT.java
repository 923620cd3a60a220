package org.mentorpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.sql.Connection;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mentorpulse.config.Settings;
import org.mentorpulse.bench.ConsoleBenchmark;
import org.mentorpulse.console.ConsoleApp;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.demo.AlertsReadBack;
import org.mentorpulse.demo.Demo;
import org.mentorpulse.demo.StalledRelationshipsQuery;
import org.mentorpulse.testkit.generator.SyntheticProgramGenerator;
import org.mentorpulse.testing.LocalStackExtension;
import org.mentorpulse.testing.Waiting;

@Tag("integration")
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.MethodName.class)
class DemoIT {

    @Test
    void a_shouldFindExactlyTheStalledMatchesTheGeneratorPlanted(Settings settings, Endpoints endpoints)
            throws Exception {
        Demo.Result result = Demo.run(settings, SyntheticProgramGenerator.Options.demo(), System.out);

        assertThat(result.totals().rejected()).isZero();
        assertThat(result.totals().accepted()).isEqualTo(result.program().events().size());
        assertThat(result.plantedIds()).hasSize(16);
        assertThat(result.foundIds()).isEqualTo(result.plantedIds());
        assertThat(result.found()).allSatisfy(r -> assertThat(r.daysSilent()).isGreaterThan(21));
        assertAlertsReachedPeople(result.alerts(), 16);
        assertTheConsoleSignInItPrintsWorks(settings, endpoints, result);
    }

    /** The sign-in the demo prints opens the demo manager's open alerts in the console that {@code run} starts. */
    private static void assertTheConsoleSignInItPrintsWorks(Settings settings, Endpoints endpoints, Demo.Result result)
            throws Exception {
        Demo.ConsoleSignIn signIn = result.console();
        assertThat(signIn.url()).isEqualTo("http://" + settings.string("console.host") + ":"
                + settings.port("console.port") + "/");
        assertThat(signIn.password()).hasSize(20);
        try (ConsoleApp console = ConsoleApp.from(settings.with("alerts.managers-file", signIn.managersFile()),
                endpoints::openClickHouseAsReader, "http://127.0.0.1:9", "unused", Clock.systemUTC())) {
            String base = "http://127.0.0.1:" + console.start("127.0.0.1", 0);
            HttpClient http = ConsoleBenchmark.signIn(base, signIn.manager(), signIn.password());
            // the planted stalls whose match has not ended since (an ended match's alert is resolved)
            Set<String> expected = new TreeSet<>(result.plantedIds());
            try (Connection ch = endpoints.openClickHouse()) {
                expected.retainAll(StalledRelationshipsQuery.stalledNow(ch, result.program().programId()));
            }
            assertThat(expected).hasSizeGreaterThanOrEqualTo(result.plantedIds().size() / 2);
            Waiting.until("the console listing the open alerts of " + expected, () -> {
                String alerts = ConsoleBenchmark.get(http, base + "/");
                return expected.stream().filter(m -> !alerts.contains("href=\"/matches/" + m + "\"")).toList();
            }, List::isEmpty);
        }
    }

    /**
     * Every nudge and escalation the alerts table records arrived, once: the mail server's mailboxes and the
     * webhook receiver hold as many as were recorded; no held-out match was nudged; nothing failed.
     */
    private static void assertAlertsReachedPeople(AlertsReadBack alerts, int plantedStalls) {
        assertThat(alerts.raisedByKind().get("stalled")).isGreaterThanOrEqualTo(plantedStalls);
        assertThat(alerts.nudgesRecorded()).isPositive();
        assertThat(alerts.nudgeMails()).isEqualTo(alerts.nudgesRecorded());
        assertThat(alerts.escalationsRecorded()).isPositive();
        assertThat(alerts.escalationMails()).isEqualTo(alerts.escalationsRecorded());
        assertThat(alerts.webhooks()).isEqualTo(alerts.escalationsRecorded());
        assertThat(alerts.validWebhooks()).isEqualTo(alerts.webhooks());
        assertThat(alerts.nudgesToHeldOut()).isZero();
        assertThat(alerts.failedDeliveries()).isZero();
    }

    @Test
    void b_shouldStayExactForASecondProgramImportedBehindTheWatermark(Settings settings) {
        // Same dates as the first program, so all of its events arrive behind the watermark that the first
        // one advanced: its matches are evaluated at once and then corrected by their own history.
        Demo.Result result = Demo.run(settings, new SyntheticProgramGenerator.Options(7, 20, 90,
                SyntheticProgramGenerator.Options.demo().start()), System.out);

        assertThat(result.plantedIds()).hasSize(8);
        assertThat(result.foundIds()).isEqualTo(result.plantedIds());
        assertAlertsReachedPeople(result.alerts(), 8);
    }
}
