package org.mentorpulse.streams.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mentorpulse.schema.AlertTransition;
import org.mentorpulse.schema.RiskChange;
import org.mentorpulse.schema.Topics;

class AlertingAppTest {
    private static final LocalDate DAY0 = LocalDate.of(2026, 5, 1);
    /** half the matches held out, so that the last test finds one of each among the first ids */
    private static final AlertRules RULES = new AlertRules(2, QuietHours.DEFAULT, new Holdout(0.5, "test-salt"));
    private TopologyTestDriver driver;
    private TestInputTopic<String, RiskChange> risk;
    private TestOutputTopic<String, AlertTransition> alerts;

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "alerting-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(AlertingApp.buildTopology(RULES), props,
                Instant.parse("2026-05-01T00:00:00Z"));
        risk = driver.createInputTopic(Topics.RISK, Topics.RISK_LOG.keys().serializer(),
                Topics.RISK_LOG.values().serializer());
        alerts = driver.createOutputTopic(Topics.ALERTS, Topics.ALERT_LOG.keys().deserializer(),
                Topics.ALERT_LOG.values().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void day(String match, int day, String level) {
        String iso = DAY0.plusDays(day).toString();
        risk.pipeInput(match, new RiskChange(match, "prog", "cohort", iso, "UTC", 40, level, Map.of("overdue", 40.0),
                "why on " + iso, day, 28, iso + "T01:00:00Z"));
    }

    /** "kind transition day", the shape of each transition that came out. */
    private List<String> transitions() {
        return alerts.readValuesToList().stream().map(t -> t.kind() + " " + t.transition() + " " + t.day()).toList();
    }

    @Test
    void anAlertIsRaisedOnEnteringTheLevelOnceSupersededByStalledAndResolvedWhenTheLevelDrops() {
        day("m-1", 0, "watch");
        day("m-1", 1, "at_risk");
        day("m-1", 2, "at_risk");
        day("m-1", 3, "stalled");
        day("m-1", 4, "stalled");
        day("m-1", 5, "on_track");

        assertThat(transitions()).containsExactly(
                "at_risk raised 2026-05-02",
                "at_risk resolved 2026-05-04", "stalled raised 2026-05-04",
                "stalled resolved 2026-05-06");
    }

    @Test
    void aTransitionNamesItsAlertTheCauseTheSystemAndWhenTheRiskWasComputed() {
        day("m-1", 1, "stalled");
        day("m-1", 2, "ended");

        List<AlertTransition> out = alerts.readValuesToList();
        assertThat(out).extracting(AlertTransition::alertId).containsOnly("m-1/stalled/2026-05-02");
        assertThat(out.get(0)).extracting(AlertTransition::cause, AlertTransition::actor, AlertTransition::at,
                AlertTransition::programId).containsExactly("why on 2026-05-02", "system", "2026-05-02T01:00:00Z", "prog");
        assertThat(out.get(1).cause()).isEqualTo("the level is now ended");
    }

    @Test
    void aReplayedOldDayRaisesNothingAndAnOlderDaysCorrectionDoesNotUndoTheNewest() {
        day("m-1", 10, "on_track");
        // another match's past, published again by a replay: older than two days behind the newest day
        day("m-2", 3, "stalled");
        day("m-2", 7, "at_risk");
        assertThat(transitions()).isEmpty();

        day("m-3", 10, "stalled");
        // a late correction of an older day of m-3, after its newest day was seen
        day("m-3", 9, "on_track");
        assertThat(transitions()).containsExactly("stalled raised 2026-05-11");
    }

    @Test
    void aDayPublishedAgainOrTheSameLevelNextDayRaisesNothingMore() {
        day("m-1", 1, "at_risk");
        assertThat(transitions()).containsExactly("at_risk raised 2026-05-02");
        // the analytics publish a day again when late data corrects it; at least once, so maybe twice
        day("m-1", 1, "at_risk");
        day("m-1", 2, "at_risk");
        assertThat(transitions()).isEmpty();
    }

    @Test
    void aRaisedAlertSaysWhetherTheMatchIsHeldOutAndWhenItsNudgeIsDueInTheMatchsZone() {
        String held = IntStream.range(0, 100).mapToObj(i -> "m-" + i)
                .filter(m -> RULES.holdout().heldOut(m)).findFirst().orElseThrow();
        String nudged = IntStream.range(0, 100).mapToObj(i -> "m-" + i)
                .filter(m -> !RULES.holdout().heldOut(m)).findFirst().orElseThrow();
        // computed at 01:00 UTC on Saturday 2026-05-02: 10:00 in Tokyo, but a weekend there too
        risk.pipeInput(nudged, new RiskChange(nudged, "prog", "cohort", "2026-05-01", "Asia/Tokyo", 60, "stalled",
                Map.of(), "silent", 30, 21, "2026-05-02T01:00:00Z"));
        risk.pipeInput(held, new RiskChange(held, "prog", "cohort", "2026-05-01", "Asia/Tokyo", 60, "stalled",
                Map.of(), "silent", 30, 21, "2026-05-02T01:00:00Z"));

        List<AlertTransition> out = alerts.readValuesToList();
        assertThat(out).extracting(AlertTransition::matchId, AlertTransition::heldOut, AlertTransition::nudgeDueAt)
                .containsExactly(tuple(nudged, false, "2026-05-03T23:00:00Z"),
                        tuple(held, true, null));
    }
}
