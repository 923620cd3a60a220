package org.mentorpulse.streams.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mentorpulse.streams.alerts.AlertEvents.acknowledged;
import static org.mentorpulse.streams.alerts.AlertEvents.annotated;
import static org.mentorpulse.streams.alerts.AlertEvents.erased;
import static org.mentorpulse.streams.alerts.AlertEvents.matchCreated;
import static org.mentorpulse.streams.alerts.AlertEvents.outreach;
import static org.mentorpulse.streams.alerts.AlertEvents.registered;
import static org.mentorpulse.streams.alerts.AlertEvents.snoozed;

import java.time.Duration;
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
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mentorpulse.schema.AlertTransition;
import org.mentorpulse.schema.DeadLetter;
import org.mentorpulse.schema.LogRecord;
import org.mentorpulse.schema.Notification;
import org.mentorpulse.schema.RiskChange;
import org.mentorpulse.schema.Topics;
import org.mentorpulse.streams.StreamsDeadLetters;

/**
 * The alerting app on TopologyTestDriver: risk and events in, transitions and notifications out; time is the
 * driver's wall clock, advanced by the tests. Monday 2026-05-04 10:00 UTC is the start: 19:00 in Tokyo (working
 * hours until 20:00), 05:00 in Chicago (quiet until 08:00 CDT, 13:00 UTC).
 */
class AlertingAppTest {
    private static final Instant START = Instant.parse("2026-05-04T10:00:00Z");
    private static final LocalDate DAY0 = LocalDate.of(2026, 5, 1);
    private static final Manager PAT = new Manager("pm-pat", List.of("prog"), "Europe/Madrid", "es", false,
            "pat@example.org", null, null, null, null);
    /** half the matches held out, so that tests find one of each among the first ids; no holdout elsewhere */
    private static final AlertRules RULES = new AlertRules(2, QuietHours.DEFAULT, new Holdout(0.0, "test-salt"),
            Duration.ofDays(5), 200, 50, new ManagerDirectory(List.of(PAT)));

    private TopologyTestDriver driver;
    private TestInputTopic<String, RiskChange> risk;
    private TestInputTopic<String, LogRecord> events;
    private TestOutputTopic<String, AlertTransition> alerts;
    private TestOutputTopic<String, Notification> notifications;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    private void start(AlertRules rules) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "alerting-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        StreamsDeadLetters.install(props, "alerting");
        driver = new TopologyTestDriver(AlertingApp.buildTopology(rules, Duration.ofSeconds(1)), props, START);
        risk = driver.createInputTopic(Topics.RISK, Topics.RISK_LOG.keys().serializer(),
                Topics.RISK_LOG.values().serializer());
        events = driver.createInputTopic(Topics.EVENTS, Topics.EVENT_LOG.keys().serializer(),
                Topics.EVENT_LOG.values().serializer());
        alerts = driver.createOutputTopic(Topics.ALERTS, Topics.ALERT_LOG.keys().deserializer(),
                Topics.ALERT_LOG.values().deserializer());
        notifications = driver.createOutputTopic(Topics.NOTIFICATIONS, Topics.NOTIFICATION_LOG.keys().deserializer(),
                Topics.NOTIFICATION_LOG.values().deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS, Topics.DEAD_LETTER_LOG.keys().deserializer(),
                Topics.DEAD_LETTER_LOG.values().deserializer());
    }

    private void startWithPair(String match) {
        start(RULES);
        pair(match);
    }

    /** A match whose mentor is in Tokyo (English) and mentee in Chicago (Spanish). */
    private void pair(String match) {
        events.pipeInput("p", registered(match + "-mentor", "mentor", "Asia/Tokyo", "en"));
        events.pipeInput("p", registered(match + "-mentee", "mentee", "America/Chicago", "es"));
        events.pipeInput(match, matchCreated(match));
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void day(String match, int day, String level) {
        day(match, day, level, START);
    }

    private void day(String match, int day, String level, Instant computedAt) {
        String iso = DAY0.plusDays(day).toString();
        risk.pipeInput(match, new RiskChange(match, "prog", "cohort", iso, "UTC", 40, level, Map.of("overdue", 40.0),
                "why on " + iso, 12, 28, computedAt.toString()));
    }

    /** "kind transition [recipient]" of each transition that came out. */
    private List<String> transitions() {
        return alerts.readValuesToList().stream().map(t -> t.kind() + " " + t.transition()
                + (t.recipient() == null ? "" : " " + t.recipient())).toList();
    }

    private void advance(Duration d) {
        driver.advanceWallClockTime(d);
    }

    @Test
    void anAlertIsRaisedOnEnteringTheLevelOnceSupersededByStalledAndResolvedWhenTheLevelDrops() {
        start(RULES.withManagers(ManagerDirectory.EMPTY));
        day("m-1", 0, "watch");
        day("m-1", 1, "at_risk");
        day("m-1", 2, "at_risk");
        day("m-1", 3, "stalled");
        day("m-1", 4, "stalled");
        day("m-1", 5, "on_track");

        assertThat(alerts.readValuesToList()).extracting(t -> t.kind() + " " + t.transition() + " " + t.day())
                .containsExactly("at_risk raised 2026-05-02",
                        // no pair known for m-1: nobody to nudge, and it says so
                        "at_risk delivery_failed 2026-05-02",
                        "at_risk resolved 2026-05-04", "stalled raised 2026-05-04", "stalled delivery_failed 2026-05-04",
                        "stalled resolved 2026-05-06");
    }

    @Test
    void aTransitionNamesItsAlertTheCauseTheSystemAndWhenTheRiskWasComputed() {
        startWithPair("m-1");
        day("m-1", 1, "stalled");
        day("m-1", 2, "ended");

        List<AlertTransition> out = alerts.readValuesToList().stream()
                .filter(t -> !t.transition().equals(AlertTransition.NUDGED)).toList();
        assertThat(out).extracting(AlertTransition::alertId).containsOnly("m-1/stalled/2026-05-02");
        assertThat(out.get(0)).extracting(AlertTransition::cause, AlertTransition::actor, AlertTransition::at,
                AlertTransition::programId).containsExactly("why on 2026-05-02", "system", START.toString(), "prog");
        assertThat(out.get(1).cause()).isEqualTo("the level is now ended");
    }

    @Test
    void aReplayedOldDayRaisesNothingAndAnOlderDaysCorrectionDoesNotUndoTheNewest() {
        startWithPair("m-3");
        day("m-1", 10, "on_track");
        // another match's past, published again by a replay: older than two days behind the newest day
        day("m-2", 3, "stalled");
        day("m-2", 7, "at_risk");
        assertThat(transitions()).isEmpty();

        day("m-3", 10, "stalled");
        // a late correction of an older day of m-3, after its newest day was seen
        day("m-3", 9, "on_track");
        assertThat(transitions()).startsWith("stalled raised").doesNotContain("stalled resolved");
    }

    @Test
    void eachProgramHasItsOwnPresentSoOneProgramsLaterCalendarDoesNotSilenceAnother() {
        startWithPair("m-1");
        risk.pipeInput("m-9", new RiskChange("m-9", "other-prog", "c", "2026-12-01", "UTC", 10, "on_track", Map.of(),
                "", 0, 21, START.toString()));
        day("m-1", 3, "stalled"); // 2026-05-04, months behind the other program's newest day
        assertThat(transitions()).first().isEqualTo("stalled raised");
    }

    @Test
    void aDayPublishedAgainOrTheSameLevelNextDayRaisesNothingMore() {
        startWithPair("m-1");
        day("m-1", 1, "at_risk");
        assertThat(transitions()).first().isEqualTo("at_risk raised");
        // the analytics publish a day again when late data corrects it; at least once, so maybe twice
        day("m-1", 1, "at_risk");
        day("m-1", 2, "at_risk");
        assertThat(transitions()).isEmpty();
        assertThat(notifications.readValuesToList()).hasSize(1);
    }

    @Test
    void eachOfThePairIsNudgedAtTheirOwnLocalWorkingHourInTheirOwnLanguageSetting() {
        startWithPair("m-1");
        day("m-1", 3, "stalled");

        // Tokyo, 19:00 on a Monday: the mentor at once; Chicago, 05:00: the mentee waits
        AlertTransition raised = alerts.readValue();
        assertThat(raised.transition()).isEqualTo("raised");
        assertThat(raised.heldOut()).isFalse();
        assertThat(raised.nudgeDueAt()).isEqualTo(START.toString());
        assertThat(transitions()).containsExactly("stalled nudged m-1-mentor");
        var first = notifications.readKeyValue();
        assertThat(first.key).isEqualTo("m-1-mentor");
        assertThat(first.value).extracting(Notification::purpose, Notification::recipientRole, Notification::id)
                .containsExactly("nudge", "mentor", "m-1/stalled/2026-05-04/nudge/m-1-mentor/" + START);

        advance(Duration.ofHours(2).plusMinutes(59));
        assertThat(transitions()).isEmpty();
        advance(Duration.ofMinutes(1)); // 13:00 UTC = 08:00 in Chicago
        List<AlertTransition> nudged = alerts.readValuesToList();
        assertThat(nudged).extracting(AlertTransition::transition, AlertTransition::recipient, AlertTransition::at,
                AlertTransition::channel).containsExactly(tuple("nudged", "m-1-mentee", "2026-05-04T13:00:00Z", "email"));
        assertThat(notifications.readKeyValue().key).isEqualTo("m-1-mentee");
    }

    @Test
    void anAlertNobodyActsOnIsEscalatedToTheProgramManagerAfterFiveDaysInTheirWorkingHours() {
        startWithPair("m-1");
        day("m-1", 3, "stalled");
        advance(Duration.ofHours(4));
        alerts.readValuesToList();
        notifications.readValuesToList();

        // escalation due Saturday 2026-05-09 10:00 UTC: a weekend in Madrid, so Monday 08:00 CEST (06:00 UTC)
        advance(Duration.ofDays(5).minusHours(4).minusSeconds(1));
        assertThat(transitions()).isEmpty();
        advance(Duration.ofDays(1));
        assertThat(transitions()).isEmpty();
        advance(Duration.ofHours(20).plusSeconds(1)); // Monday 2026-05-11 06:00 UTC
        List<AlertTransition> escalated = alerts.readValuesToList();
        assertThat(escalated).extracting(AlertTransition::transition, AlertTransition::recipient,
                AlertTransition::channel).containsExactly(tuple("escalated", "pm-pat", "email"));
        assertThat(escalated.get(0).at()).isEqualTo("2026-05-11T06:00:00Z");
        var n = notifications.readKeyValue();
        assertThat(n.key).isEqualTo("pm-pat");
        assertThat(n.value.purpose()).isEqualTo("escalation");
        assertThat(n.value.alerts()).extracting(Notification.AlertSummary::alertId, Notification.AlertSummary::why,
                Notification.AlertSummary::daysSilent).containsExactly(tuple("m-1/stalled/2026-05-04", "why on 2026-05-04", 12));
    }

    @Test
    void acknowledgingOrLoggingOutreachStopsTheEscalationAndAnnotatingKeepsTheManagersNote() {
        start(RULES);
        pair("m-1");
        pair("m-2");
        day("m-1", 3, "stalled");
        day("m-2", 3, "at_risk");
        events.pipeInput("m-1", acknowledged("m-1", "pm-pat", "m-1/stalled/2026-05-04", START.plusSeconds(60)));
        events.pipeInput("m-2", outreach("m-2", "pm-pat", START.plusSeconds(120)));
        events.pipeInput("m-2", annotated("m-2", "pm-pat", "called the mentee, exams until June", START.plusSeconds(180)));
        assertThat(alerts.readValuesToList()).filteredOn(t -> !t.actor().equals("system"))
                .extracting(AlertTransition::matchId, AlertTransition::transition, AlertTransition::actor,
                        AlertTransition::cause)
                .containsExactly(tuple("m-1", "acknowledged", "pm-pat", "acknowledged"),
                        tuple("m-2", "acknowledged", "pm-pat", "outreach by phone: reached"),
                        tuple("m-2", "annotated", "pm-pat", "called the mentee, exams until June"));

        advance(Duration.ofDays(10));
        assertThat(transitions()).doesNotContain("stalled escalated pm-pat", "at_risk escalated pm-pat");
        KeyValueStore<String, AlertBook> books = driver.getKeyValueStore(AlertingApp.BOOKS);
        assertThat(books.get("m-1").open.get("stalled").acknowledgedBy).isEqualTo("pm-pat");
    }

    @Test
    void aSnoozedAlertIsSilentUntilItsDayThenWakesByItselfAndCanEscalateAgain() {
        startWithPair("m-1");
        day("m-1", 3, "stalled");
        events.pipeInput("m-1", snoozed("m-1", "pm-pat", LocalDate.of(2026, 5, 20), START.plusSeconds(60)));
        assertThat(transitions()).containsExactly("stalled raised", "stalled nudged m-1-mentor", "stalled snoozed");

        // the mentee's nudge, waiting for Chicago's morning, was cancelled; so was the escalation
        advance(Duration.ofDays(15).plusHours(13).plusSeconds(59)); // 2026-05-19T23:00:59Z
        assertThat(transitions()).isEmpty();
        advance(Duration.ofHours(1)); // the match's zone is UTC here: it wakes at 2026-05-20T00:00Z
        List<AlertTransition> woke = alerts.readValuesToList();
        assertThat(woke).extracting(AlertTransition::transition, AlertTransition::at, AlertTransition::cause)
                .containsExactly(tuple("unsnoozed", "2026-05-20T00:00:00Z", "the snooze until 2026-05-20 is over"));
        advance(Duration.ofDays(5).plusHours(7)); // escalation due 2026-05-25 (Monday) 00:00 UTC, sent at 08:00 Madrid
        assertThat(transitions()).containsExactly("stalled escalated pm-pat");
    }

    @Test
    void anActionOnAnAlertThatIsNotOpenIsDeadLetteredWithTheReasonAndTheAppGoesOn() {
        startWithPair("m-1");
        events.pipeInput("m-1", acknowledged("m-1", "pm-pat", "m-1/stalled/2026-01-01", START));
        day("m-1", 3, "stalled");

        List<DeadLetter> letters = deadLetters.readValuesToList();
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).errors().get(0).reason()).contains("alert m-1/stalled/2026-01-01 is not open");
        assertThat(transitions()).first().isEqualTo("stalled raised");
    }

    @Test
    void aProgramsDailyCapHoldsWhatExceedsItUntilTheNextDayAndDropsNothing() {
        start(new AlertRules(2, QuietHours.DEFAULT, new Holdout(0.0, "s"), Duration.ofDays(5), 3, 50,
                new ManagerDirectory(List.of(PAT))));
        pair("m-1");
        pair("m-2");
        // two Tokyo mentors and (later) two Chicago mentees: four nudges, three allowed per program day
        day("m-1", 3, "stalled");
        day("m-2", 3, "stalled");
        assertThat(transitions()).filteredOn(t -> t.contains("nudged"))
                .containsExactly("stalled nudged m-1-mentor", "stalled nudged m-2-mentor");
        advance(Duration.ofHours(3)); // 08:00 in Chicago: one more fits today, the last one waits
        assertThat(transitions()).containsExactly("stalled nudged m-1-mentee");
        advance(Duration.ofHours(10).plusMinutes(59)); // 23:59 UTC: the cap still holds
        assertThat(transitions()).isEmpty();
        advance(Duration.ofMinutes(1)); // a new UTC day, and 19:00 in Chicago: still working hours there
        List<AlertTransition> released = alerts.readValuesToList();
        assertThat(released).extracting(AlertTransition::recipient, AlertTransition::at)
                .containsExactly(tuple("m-2-mentee", "2026-05-05T00:00:00Z"));
        assertThat(notifications.readValuesToList()).hasSize(4);
    }

    @Test
    void aHeldOutMatchIsRecordedAsSuchAndGetsNoNudgeButIsStillEscalated() {
        AlertRules halfHeldOut = new AlertRules(2, QuietHours.DEFAULT, new Holdout(0.5, "test-salt"),
                Duration.ofDays(5), 200, 50, new ManagerDirectory(List.of(PAT)));
        start(halfHeldOut);
        String held = IntStream.range(0, 100).mapToObj(i -> "m-" + i)
                .filter(m -> halfHeldOut.holdout().heldOut(m)).findFirst().orElseThrow();
        // the assignment is a function of the id and the salt: a restarted app (a new Holdout) assigns the same
        assertThat(new Holdout(0.5, "test-salt").heldOut(held)).isTrue();
        pair(held);
        day(held, 3, "stalled");
        List<AlertTransition> out = alerts.readValuesToList();
        assertThat(out).extracting(AlertTransition::transition, AlertTransition::heldOut, AlertTransition::nudgeDueAt)
                .containsExactly(tuple("raised", true, null));
        advance(Duration.ofDays(7));
        assertThat(transitions()).containsExactly("stalled escalated pm-pat");
    }

    @Test
    void withNoManagerForTheProgramAnEscalationIsAFailedDeliveryThatSaysWhy() {
        start(RULES.withManagers(ManagerDirectory.EMPTY));
        pair("m-1");
        day("m-1", 3, "stalled");
        alerts.readValuesToList();
        advance(Duration.ofDays(5).plusSeconds(1));
        List<AlertTransition> out = alerts.readValuesToList();
        assertThat(out).extracting(AlertTransition::transition, AlertTransition::cause).containsExactly(
                tuple("delivery_failed", "no program manager is configured for program prog (alerts.managers-file)"));
    }

    @Test
    void theDirectoryKeepsEachParticipantsContactAndForgetsItOnErasure() {
        startWithPair("m-1");
        var contacts = driver.<String, org.mentorpulse.schema.Contact>getTimestampedKeyValueStore(AlertingApp.CONTACTS);
        org.mentorpulse.schema.Contact mentee = contacts.get("m-1-mentee").value();
        assertThat(List.of(mentee.timezone(), mentee.language(), mentee.email()))
                .containsExactly("America/Chicago", "es", "m-1-mentee@example.org");
        events.pipeInput("p", erased("m-1-mentee"));
        assertThat(contacts.get("m-1-mentee")).isNull();
    }

    @Test
    void anErasedParticipantLeavesTheBooksAndTheNudgesWaitingForThemAndTheNotifierIsToldToForgetThem() {
        startWithPair("m-1");
        day("m-1", 3, "stalled"); // the mentor is nudged at once; the mentee's nudge waits for 08:00 in Chicago
        alerts.readValuesToList();
        assertThat(notifications.readKeyValue().key).isEqualTo("m-1-mentor");

        events.pipeInput("p", erased("m-1-mentee"));

        AlertBook book = driver.<String, AlertBook>getKeyValueStore(AlertingApp.BOOKS).get("m-1");
        assertThat(List.of(book.mentorId, book.menteeId)).containsExactly("m-1-mentor", AlertBook.ERASED);
        var notice = notifications.readKeyValue();
        assertThat(notice.key).isEqualTo("m-1-mentee");
        assertThat(notice.value).extracting(Notification::purpose, Notification::recipientId)
                .containsExactly(Notification.ERASE, "m-1-mentee");
        assertThat(notifications.isEmpty()).isTrue();
        // 08:00 in Chicago: nothing is sent to the erased mentee, and nothing names them
        advance(Duration.ofHours(4));
        assertThat(notifications.isEmpty()).isTrue();
        assertThat(alerts.readValuesToList()).noneMatch(t -> "m-1-mentee".equals(t.recipient()));
        try (var waiting = driver.<String, DispatchRequest>getKeyValueStore(AlertingApp.WAITING).all()) {
            assertThat(waiting.hasNext()).isFalse();
        }
    }
}
