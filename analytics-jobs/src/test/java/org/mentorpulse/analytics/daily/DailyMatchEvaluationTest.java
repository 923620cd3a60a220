package org.mentorpulse.analytics.daily;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mentorpulse.analytics.testing.Events.at;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mentorpulse.analytics.config.AnalyticsSettings;
import org.mentorpulse.analytics.engagement.MatchDay;
import org.mentorpulse.analytics.event.InteractionEvent;
import org.mentorpulse.analytics.late.LateEvent;
import org.mentorpulse.analytics.outcomes.MatchOutcome;
import org.mentorpulse.analytics.testing.Events;
import org.mentorpulse.analytics.testing.MatchDays;

class DailyMatchEvaluationTest {
    private static final LocalDate DAY0 = LocalDate.of(2026, 3, 2);
    private KeyedOneInputStreamOperatorTestHarness<String, InteractionEvent, MatchDay> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new DailyMatchEvaluation(
                AnalyticsSettings.defaults().riskModel(), Duration.ofDays(14))), e -> e.matchId, Types.STRING);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void send(InteractionEvent e) throws Exception {
        harness.processElement(new StreamRecord<>(e, e.eventTime));
    }

    private long watermark = Long.MIN_VALUE;

    private void watermark(int day) throws Exception {
        watermark = at(day, 0).toEpochMilli();
        harness.processWatermark(watermark);
    }

    /** Corrections are written at the next watermark advance, however small. */
    private void advance() throws Exception {
        watermark++;
        harness.processWatermark(watermark);
    }

    private List<MatchDay> rows() {
        return harness.extractOutputValues();
    }

    private List<MatchDay> rowsSince(int before) {
        return rows().subList(before, rows().size());
    }

    private MatchDay last() {
        return rows().get(rows().size() - 1);
    }

    private List<LateEvent> late() {
        return harness.getSideOutput(DailyMatchEvaluation.LATE) == null ? List.of()
                : harness.getSideOutput(DailyMatchEvaluation.LATE).stream().map(StreamRecord::getValue).toList();
    }

    private List<MatchOutcome> outcomes() {
        return harness.getSideOutput(DailyMatchEvaluation.OUTCOMES) == null ? List.of()
                : harness.getSideOutput(DailyMatchEvaluation.OUTCOMES).stream().map(StreamRecord::getValue).toList();
    }

    private static LocalDate day(int n) {
        return DAY0.plusDays(n);
    }

    /**
     * A bounded replay's days end at its log's end, whatever the operator's watermark reached before the input
     * was over: it may stop short of the end (a sibling source subtask still reading) or pass it (every partition
     * but one finished).
     */
    @Test
    void aBoundedReplayEvaluatesExactlyTheDaysItsLogHadEndedWhateverItsWatermarkReachedFirst() throws Exception {
        long logEnd = at(10, 6).toEpochMilli(); // day 9 has ended, day 10 has not
        for (int before : new int[] {4, 10, 14}) {
            try (var replay = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                    new DailyMatchEvaluation(AnalyticsSettings.defaults().riskModel(), Duration.ofDays(14),
                            Duration.ofDays(15), logEnd)), (InteractionEvent e) -> e.matchId, Types.STRING)) {
                replay.open();
                for (InteractionEvent e : List.of(Events.created(at(0, 8)), Events.meeting(at(1, 10)),
                        Events.meeting(at(9, 10)))) {
                    replay.processElement(new StreamRecord<>(e, e.eventTime));
                }
                replay.processWatermark(at(before, 0).toEpochMilli());
                replay.processWatermark(Long.MAX_VALUE);

                List<MatchDay> rows = replay.extractOutputValues();
                assertThat(rows).as("watermark at day %d before the end", before).extracting(MatchDay::localDay)
                        .containsExactly(day(0), day(1), day(2), day(3), day(4), day(5), day(6), day(7), day(8), day(9));
                assertThat(rows.get(9).meetingsHeld).as("the meeting on the last day counts").isEqualTo(1);
                // a running match's outcome is written once, at the end of the input, as of the last day
                assertThat(replay.getSideOutput(DailyMatchEvaluation.OUTCOMES)).singleElement()
                        .satisfies(o -> assertThat(LocalDate.ofEpochDay(o.getValue().censorDate)).isEqualTo(day(9)));
                assertThat(replay.numKeyedStateEntries()).as("nothing kept once the input is over").isZero();
            }
        }
    }

    /**
     * A replay's match wakes once a week and evaluates the week ({@code REPLAY_DAYS_PER_TIMER}), yet ends with the
     * rows of a live run that evaluated each day as it ended: a day's row counts only what happened before the
     * day's end, whenever it is computed, and a late event corrects the days it changes in both.
     */
    @Test
    void aReplayEvaluatesAWeekAtATimeAndEndsWithTheRowsOfALiveRun() throws Exception {
        long logEnd = at(30, 6).toEpochMilli(); // day 29 has ended, day 30 has not
        try (var replay = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new DailyMatchEvaluation(AnalyticsSettings.defaults().riskModel(), Duration.ofDays(14),
                        Duration.ofDays(15), logEnd)), (InteractionEvent e) -> e.matchId, Types.STRING)) {
            replay.open();
            for (int day = 0; day <= 30; day++) {
                watermark(day);
                replay.processWatermark(watermark);
                // each side gets events of its own: the operator keeps what it is given
                for (InteractionEvent e : readOnDay(day)) {
                    send(e);
                }
                for (InteractionEvent e : readOnDay(day)) {
                    replay.processElement(new StreamRecord<>(e, e.eventTime));
                }
                if (day == 7) {
                    assertThat(replay.extractOutputValues()).as("its first day, evaluated when the match was seen, "
                            + "and none of the week after it before that week has passed").extracting(MatchDay::localDay)
                            .containsExactly(day(0));
                }
                if (day == 8) {
                    assertThat(replay.extractOutputValues()).as("then the week at once").extracting(MatchDay::localDay)
                            .containsExactly(day(0), day(1), day(2), day(3), day(4), day(5), day(6), day(7));
                }
            }
            advance();
            replay.processWatermark(Long.MAX_VALUE);

            List<MatchDay> live = finalRows();
            assertThat(live).extracting(MatchDay::localDay).startsWith(day(0)).endsWith(day(29)).hasSize(30);
            assertThat(live.get(4).meetingsHeld).as("the meeting of day 4, read on day 12").isEqualTo(1);
            assertThat(live.get(10).meetingsHeld28d).isEqualTo(1);
            assertThat(MatchDays.newestOfEachDay(replay.extractOutputValues()))
                    .usingRecursiveFieldByFieldElementComparatorIgnoringFields("version").containsExactlyElementsOf(live);
        }
    }

    /** The events read on a day of the test above, new objects on every call. */
    private static List<InteractionEvent> readOnDay(int day) {
        return switch (day) {
            case 0 -> List.of(Events.created(at(0, 8)));
            case 1 -> List.of(Events.message("mentee", at(1, 9)), Events.message("mentor", at(1, 15)));
            case 9 -> List.of(Events.message("mentor", at(9, 10)));
            case 12 -> List.of(Events.meeting(at(4, 10)), Events.message("mentee", at(12, 8)));
            case 13 -> List.of(Events.feedback("mentee", 4, at(13, 9)));
            default -> List.of();
        };
    }

    @Test
    void aSilentMatchIsEvaluatedEveryDayAndFlaggedStalledWithoutEventsOfItsOwn() throws Exception {
        send(Events.created(at(0, 8)));
        send(Events.meeting(at(1, 10)));

        watermark(30);

        List<MatchDay> rows = rows();
        assertThat(rows).extracting(MatchDay::localDay).first().isEqualTo(day(0));
        assertThat(rows).hasSize(30);
        assertThat(rows.get(22).daysSinceTwoWayContact).isEqualTo(21);
        assertThat(rows.get(22).level).isEqualTo("at_risk");
        assertThat(rows.get(23).daysSinceTwoWayContact).isEqualTo(22);
        assertThat(rows.get(23).level).isEqualTo("stalled");
        assertThat(rows.get(23).why).startsWith("no two-way contact for 22 days (stalls after 21)");
        // exactly one pending timer per match: the end of its next day
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }

    @Test
    void contactThatArrivesOutOfOrderStillEndsTheStallForLaterDays() throws Exception {
        send(Events.created(at(0, 8)));
        watermark(25);
        assertThat(last().level).isEqualTo("stalled");
        long stalledVersion = last().version;

        // a meeting held on day 22, reported late: days 0..24 were already evaluated without it
        int before = rows().size();
        send(Events.meeting(at(22, 18)));
        assertThat(rows()).as("nothing before the watermark moves").hasSize(before);
        advance();

        List<MatchDay> corrections = rowsSince(before);
        assertThat(corrections).extracting(MatchDay::localDay).containsExactly(day(22), day(23), day(24));
        assertThat(corrections).extracting(d -> d.level).containsOnly("on_track");
        assertThat(corrections).allSatisfy(d -> assertThat(d.version).isGreaterThan(stalledVersion));
        assertThat(late()).isEmpty();

        watermark(27);
        assertThat(last().localDay()).isEqualTo(day(26));
        assertThat(last().daysSinceTwoWayContact).isEqualTo(4);
        assertThat(last().level).isEqualTo("on_track");
    }

    @Test
    void correctionsAreWrittenAfterAMomentEvenIfEventTimeStandsStill() throws Exception {
        send(Events.created(at(0, 8)));
        watermark(25);
        int before = rows().size();

        send(Events.meeting(at(22, 18)));
        assertThat(rows()).hasSize(before);
        harness.setProcessingTime(harness.getProcessingTime() + DailyMatchEvaluation.FLUSH_MS + 1);

        assertThat(rowsSince(before)).extracting(MatchDay::localDay).containsExactly(day(22), day(23), day(24));
        advance();
        assertThat(rowsSince(before)).as("not written twice").hasSize(3);
    }

    @Test
    void anEventOlderThanTheAllowedLatenessCorrectsOnlyOpenDaysAndIsReported() throws Exception {
        send(Events.created(at(0, 8)));
        watermark(40);
        int before = rows().size();

        InteractionEvent meeting = Events.meeting(at(10, 12));
        send(meeting);
        advance();

        // days up to day 25 ended more than 14 days before the watermark: closed
        List<MatchDay> corrections = rowsSince(before);
        assertThat(corrections).extracting(MatchDay::localDay).first().isEqualTo(day(26));
        assertThat(corrections).extracting(MatchDay::localDay).last().isEqualTo(day(39));
        assertThat(corrections.get(0).daysSinceTwoWayContact).isEqualTo(16);
        assertThat(late()).singleElement().satisfies(l -> {
            assertThat(l.id).isEqualTo(meeting.id);
            assertThat(l.reason).isEqualTo(LateEvent.BEYOND_ALLOWED_LATENESS);
            assertThat(LocalDate.ofEpochDay(l.firstOpenDay)).isEqualTo(day(26));
        });
    }

    /** The event as the Kafka source delivers it: carrying its log partition's watermark at that record. */
    private static InteractionEvent readAt(InteractionEvent e, int logWatermarkDay) {
        e.logWatermark = at(logWatermarkDay, 0).toEpochMilli();
        return e;
    }

    @Test
    void latenessIsJudgedByTheLogsWatermarkCarriedWithTheEventNotByTheOperatorsWatermark() throws Exception {
        send(Events.created(at(0, 8)));
        watermark(12);
        // the log's partition is at day 40 when a meeting of day 10 is read; this operator has seen only day 12
        InteractionEvent meeting = readAt(Events.meeting(at(10, 12)), 40);
        send(meeting);

        assertThat(late()).singleElement().satisfies(l -> {
            assertThat(l.id).isEqualTo(meeting.id);
            assertThat(l.watermark).isEqualTo(at(40, 0).toEpochMilli());
            assertThat(LocalDate.ofEpochDay(l.firstOpenDay)).isEqualTo(day(26));
        });
        watermark(40);
        // days 10..25 were closed to the meeting when it was read: evaluated only now, they still do not count it
        List<MatchDay> rows = finalRows();
        assertThat(rows).extracting(MatchDay::localDay).startsWith(day(0)).endsWith(day(39)).hasSize(40);
        assertThat(rows.get(25).daysSinceTwoWayContact).isEqualTo(25);
        assertThat(rows.get(11).daysSinceTwoWayContact).as("evaluated before it arrived").isEqualTo(11);
        assertThat(rows.get(26).daysSinceTwoWayContact).as("the first open day counts it").isEqualTo(16);
        assertThat(rows.get(39).daysSinceTwoWayContact).isEqualTo(29);
    }

    @Test
    void theRowsDoNotDependOnWhenTheOperatorsWatermarkArrivesAroundALateEvent() throws Exception {
        List<InteractionEvent> log = List.of(readAt(Events.created(at(0, 8)), 0),
                readAt(Events.message("mentee", at(3, 9)), 3), readAt(Events.message("mentor", at(3, 11)), 3),
                readAt(Events.meeting(at(8, 12)), 40), readAt(Events.message("mentee", at(38, 9)), 40));

        List<MatchDay> watermarkFirst = new java.util.ArrayList<>();
        List<MatchDay> eventsFirst = new java.util.ArrayList<>();
        for (boolean operatorWatermarkFirst : new boolean[] {true, false}) {
            setUp();
            if (operatorWatermarkFirst) {
                watermark(40);
            }
            for (InteractionEvent e : log) {
                send(e.routedTo(e.matchId));
            }
            watermark(40);
            advance();
            (operatorWatermarkFirst ? watermarkFirst : eventsFirst).addAll(finalRows());
            assertThat(late()).extracting(l -> l.eventTime).containsExactly(at(8, 12).toEpochMilli());
            tearDown();
        }
        assertThat(eventsFirst).hasSize(40);
        assertThat(eventsFirst).usingRecursiveFieldByFieldElementComparatorIgnoringFields("version")
                .containsExactlyElementsOf(watermarkFirst);
        assertThat(eventsFirst.get(20).daysSinceTwoWayContact).as("closed to the meeting of day 8").isEqualTo(17);
        assertThat(eventsFirst.get(30).daysSinceTwoWayContact).as("open: counts it").isEqualTo(22);
    }

    @Test
    void anEventThatCannotBeProcessedIsSetAsideAndTheMatchGoesOn() throws Exception {
        send(Events.created(at(0, 8)));
        // a zone that this JVM's time-zone database does not know (say, one added in a newer release)
        InteractionEvent registration = Events.registered("mentee", "Mars/Olympus_Mons", at(0, 9));
        send(registration);
        send(Events.meeting(at(2, 10)));
        watermark(5);

        List<InteractionEvent> setAside = harness.getSideOutput(DailyMatchEvaluation.UNPROCESSABLE).stream()
                .map(StreamRecord::getValue).toList();
        assertThat(setAside).singleElement().satisfies(e -> {
            assertThat(e.isUndecodable()).isTrue();
            org.mentorpulse.schema.DeadLetter letter = org.mentorpulse.schema.DeadLetter.fromJson(
                    e.deadLetter.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(letter.id()).isEqualTo(registration.id);
            assertThat(letter.errors().get(0).reason()).contains("Mars/Olympus_Mons");
        });
        // the match keeps being evaluated, in the zone it had
        assertThat(finalRows()).extracting(MatchDay::localDay).containsExactly(day(0), day(1), day(2), day(3), day(4));
        assertThat(finalRows()).allSatisfy(d -> assertThat(d.timezone).isEqualTo("Z"));
        assertThat(finalRows().get(4).daysSinceTwoWayContact).isEqualTo(2);
    }

    /** The newest row per day, as ClickHouse keeps them under FINAL, in day order; withdrawn days dropped. */
    private List<MatchDay> finalRows() {
        return MatchDays.newestOfEachDay(rows());
    }

    @Test
    void aMatchFirstSeenBehindTheWatermarkIsEvaluatedAtOnceUpToIt() throws Exception {
        send(Events.forMatch("m-clock", Events.created(at(0, 8))));
        watermark(10);
        int before = rows().size();

        send(Events.created(at(2, 8)));
        advance();

        assertThat(rowsSince(before)).extracting(MatchDay::localDay)
                .containsExactly(day(2), day(3), day(4), day(5), day(6), day(7), day(8), day(9));
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);
    }

    @Test
    void theEndOfABoundedInputWritesPendingCorrectionsButNoRowsForDaysNobodyObserved() throws Exception {
        send(Events.created(at(0, 8)));
        watermark(3);
        int before = rows().size();
        send(Events.meeting(at(1, 10)));

        harness.processWatermark(Long.MAX_VALUE);

        assertThat(rowsSince(before)).extracting(MatchDay::localDay).containsExactly(day(1), day(2));
    }

    @Test
    void aBurstOfLateEventsRewritesEachDayOnce() throws Exception {
        send(Events.created(at(0, 8)));
        watermark(10);
        int before = rows().size();
        for (int day = 2; day <= 8; day++) {
            send(Events.message(day % 2 == 0 ? "mentor" : "mentee", at(day, 9)));
        }
        advance();

        assertThat(rowsSince(before)).extracting(MatchDay::localDay)
                .containsExactly(day(2), day(3), day(4), day(5), day(6), day(7), day(8), day(9));
        assertThat(last().lastTwoWayContact).isEqualTo(at(8, 9).toEpochMilli());
    }

    @Test
    void matchesAreKeptApart() throws Exception {
        send(Events.created(at(0, 8)));
        send(Events.forMatch("m-2", Events.created(at(0, 8))));
        send(Events.meeting(at(0, 12)));

        watermark(1);

        assertThat(rows()).extracting(r -> r.matchId + ":" + r.lastTwoWayContact)
                .containsExactlyInAnyOrder("m-1:" + at(0, 12).toEpochMilli(), "m-2:null");
    }

    @Test
    void anEndedMatchGetsOneEndedRowKeepsStateForLateCorrectionsThenIsCleared() throws Exception {
        send(Events.created(at(0, 8)));
        send(Events.meeting(at(1, 10)));
        send(Events.status("closed_early", at(5, 10)));
        watermark(12);

        assertThat(last().localDay()).isEqualTo(day(5));
        assertThat(last().level).isEqualTo("ended");
        assertThat(last().score).isZero();
        assertThat(rows().get(rows().size() - 2).level).isEqualTo("on_track");
        // no daily timer any more, only the one that clears the state
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        int before = rows().size();
        send(Events.meeting(at(3, 9)));
        advance();
        assertThat(rowsSince(before)).extracting(MatchDay::localDay).containsExactly(day(3), day(4), day(5));

        watermark(30);
        assertThat(harness.numEventTimeTimers()).isZero();
        int after = rows().size();
        InteractionEvent tooLate = Events.meeting(at(29, 9));
        send(tooLate);
        advance();
        assertThat(rows()).hasSize(after);
        assertThat(late()).singleElement().satisfies(l -> {
            assertThat(l.id).isEqualTo(tooLate.id);
            assertThat(l.reason).isEqualTo(LateEvent.MATCH_STATE_CLEARED);
        });
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    /** The operator of a run resumed from {@code checkpoint}, in a process of its own. */
    private static KeyedOneInputStreamOperatorTestHarness<String, InteractionEvent, MatchDay> resumedFrom(
            OperatorSubtaskState checkpoint) throws Exception {
        var resumed = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new DailyMatchEvaluation(
                AnalyticsSettings.defaults().riskModel(), Duration.ofDays(14))), (InteractionEvent e) -> e.matchId,
                Types.STRING);
        resumed.initializeState(checkpoint);
        resumed.open();
        return resumed;
    }

    /** A resumed run's rows, as newer than the killed run's: it wrote them later. */
    private static List<MatchDay> writtenLater(List<MatchDay> rows) {
        rows.forEach(d -> d.version += Long.MAX_VALUE / 2);
        return rows;
    }

    /**
     * A run killed after its checkpoint may have written days past an end the log reveals late; the run resumed from
     * that checkpoint may read the end before its own watermark got as far, and never evaluate those days. It still
     * withdraws them: every day the log's watermark had passed when the end was read, which no run can have gone
     * beyond (a keyed operator's watermark is the least over its channels, the end's among them).
     */
    @Test
    void aResumedRunWithdrawsTheDaysAKilledRunWrotePastALateEnd() throws Exception {
        InteractionEvent end = Events.status("completed", at(5, 12));
        end.logWatermark = at(12, 1).toEpochMilli(); // read when the log had reached day 12
        List<InteractionEvent> before = List.of(Events.created(at(0, 8)), Events.meeting(at(1, 10)),
                Events.meeting(at(3, 10)));
        before.forEach(e -> e.logWatermark = e.eventTime - 1);

        for (InteractionEvent e : before) {
            send(e);
        }
        watermark(3);
        OperatorSubtaskState checkpoint = harness.snapshot(1, 1);
        watermark(12); // the killed run got this far before reading the end, and then died
        List<MatchDay> written = new ArrayList<>(rows());
        assertThat(written).extracting(MatchDay::localDay).contains(day(11));

        try (var resumed = resumedFrom(checkpoint)) {
            resumed.processWatermark(at(4, 0).toEpochMilli()); // its watermark starts over, and lags this time
            resumed.processElement(new StreamRecord<>(end, end.eventTime));
            resumed.processWatermark(at(13, 0).toEpochMilli());
            written.addAll(writtenLater(resumed.extractOutputValues()));
        }
        assertThat(MatchDays.newestOfEachDay(written)).extracting(MatchDay::localDay)
                .containsExactly(day(0), day(1), day(2), day(3), day(4), day(5));
    }

    /**
     * A run killed after its checkpoint may have counted a match in UTC before the mentee's zone reached it, and
     * written the match's first UTC day; the run resumed from the checkpoint may learn the zone first, in which that
     * day comes before the match's start. It withdraws that day all the same.
     */
    @Test
    void aResumedRunWithdrawsTheFirstDayAKilledRunCountedInAnEarlierZone() throws Exception {
        OperatorSubtaskState checkpoint = harness.snapshot(1, 1); // before anything of the match
        InteractionEvent created = Events.created(at(0, 20)); // day 0 in UTC, day 1 in Tokyo
        InteractionEvent tokyo = Events.registered("mentee", "Asia/Tokyo", at(0, 1));
        send(created);
        watermark(2); // the killed run counted day 0 and day 1 in UTC, then died before the zone came
        List<MatchDay> written = new ArrayList<>(rows());
        assertThat(written).extracting(MatchDay::localDay).containsExactly(day(0), day(1));

        try (var resumed = resumedFrom(checkpoint)) {
            resumed.processElement(new StreamRecord<>(tokyo, tokyo.eventTime)); // the zone first, this time
            resumed.processElement(new StreamRecord<>(created, created.eventTime));
            resumed.processWatermark(at(3, 0).toEpochMilli());
            written.addAll(writtenLater(resumed.extractOutputValues()));
        }
        assertThat(MatchDays.newestOfEachDay(written)).extracting(d -> d.localDay() + " " + d.timezone)
                .containsExactly(day(1) + " Asia/Tokyo", day(2) + " Asia/Tokyo");
    }

    /** The same when the killed run had counted the match in the mentor's zone, learned before the mentee's. */
    @Test
    void aResumedRunWithdrawsTheFirstDayAKilledRunCountedInTheMentorsZone() throws Exception {
        OperatorSubtaskState checkpoint = harness.snapshot(1, 1);
        InteractionEvent created = Events.created(at(1, 2)); // day 0 in New York, day 1 in UTC and in Tokyo
        InteractionEvent newYork = Events.registered("mentor", "America/New_York", at(0, 1));
        InteractionEvent tokyo = Events.registered("mentee", "Asia/Tokyo", at(0, 1));
        send(newYork);
        send(created);
        watermark(2);
        List<MatchDay> written = new ArrayList<>(rows());
        assertThat(written).extracting(d -> d.localDay() + " " + d.timezone)
                .containsExactly(day(0) + " America/New_York");

        try (var resumed = resumedFrom(checkpoint)) {
            for (InteractionEvent e : List.of(tokyo, created)) { // the mentee's zone first, the mentor's after rows
                resumed.processElement(new StreamRecord<>(e, e.eventTime));
            }
            resumed.processWatermark(at(3, 0).toEpochMilli());
            resumed.processElement(new StreamRecord<>(newYork, newYork.eventTime));
            resumed.processWatermark(at(3, 0).toEpochMilli() + 1);
            written.addAll(writtenLater(resumed.extractOutputValues()));
        }
        assertThat(MatchDays.newestOfEachDay(written)).extracting(d -> d.localDay() + " " + d.timezone)
                .containsExactly(day(1) + " Asia/Tokyo", day(2) + " Asia/Tokyo");
    }

    @Test
    void aLateEndWithdrawsTheDaysEvaluatedAfterIt() throws Exception {
        send(Events.created(at(0, 8)));
        watermark(10);
        int before = rows().size();

        send(Events.status("completed", at(6, 10)));
        advance();

        List<MatchDay> changes = rowsSince(before);
        assertThat(changes).extracting(MatchDay::localDay).containsExactly(day(6), day(7), day(8), day(9));
        assertThat(changes.get(0).level).isEqualTo("ended");
        assertThat(changes.subList(1, 4)).allSatisfy(d -> assertThat(d.deleted).isTrue());
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        watermark(12);
        assertThat(rows()).hasSize(before + 4);
    }

    @Test
    void aLateEndWithdrawsTheDaysAfterItThatWereClosedToo() throws Exception {
        send(Events.created(at(0, 8)));
        watermark(30);
        // read when the log was at day 30: days up to 15 are closed, and the end is on day 6
        send(readAt(Events.status("completed", at(6, 10)), 30));
        advance();

        assertThat(finalRows()).extracting(MatchDay::localDay).as("no day after the end, closed or not")
                .containsExactly(day(0), day(1), day(2), day(3), day(4), day(5), day(6));
        assertThat(late()).singleElement().satisfies(l -> assertThat(l.reason).isEqualTo(
                LateEvent.BEYOND_ALLOWED_LATENESS));
    }

    @Test
    void aPartysZoneLearnedAfterItsDaysWereWrittenRedoesThemAll() throws Exception {
        send(Events.registered("mentee", "UTC", at(-1, 0)));
        send(Events.created(at(0, 8)));
        // a meeting from 05:15 UTC: 21:15 the day before in Los Angeles, off-hours there
        send(Events.meeting(at(1, 6)));
        watermark(20);
        assertThat(finalRows().get(1).offHoursShareMentor).as("the mentor's zone not known yet").isNull();

        send(Events.registered("mentor", "America/Los_Angeles", at(-1, 0)));
        advance();

        List<MatchDay> rows = finalRows();
        assertThat(rows).hasSize(20);
        assertThat(rows.subList(1, 20)).as("every day since the meeting, closed ones too")
                .allSatisfy(d -> assertThat(d.offHoursShareMentor).isEqualTo(1.0));
        assertThat(rows).extracting(d -> d.timezone).containsOnly("UTC");
    }

    @Test
    void anEventTheLogReadAfterAnEndedMatchsStateWasDueToBeClearedIsSetAsideBeforeTheTimerFires() throws Exception {
        send(Events.created(at(0, 8)));
        send(Events.status("completed", at(2, 10)));
        watermark(5);
        // this operator is still at day 5, but the log had passed the end's retention (15 days, and two for any
        // zone's end of day) when it read the reopening
        send(readAt(Events.status("active", at(21, 12)), 21));
        advance();

        assertThat(late()).singleElement().satisfies(l -> assertThat(l.reason).isEqualTo(
                LateEvent.MATCH_STATE_CLEARED));
        assertThat(last().localDay()).isEqualTo(day(2));
        assertThat(last().level).isEqualTo("ended");
    }

    @Test
    void aMatchReopenedBeforeItsStateIsClearedIsEvaluatedDailyAgain() throws Exception {
        send(Events.created(at(0, 8)));
        send(Events.status("completed", at(2, 10)));
        watermark(5);
        assertThat(last().localDay()).isEqualTo(day(2));
        send(Events.status("active", at(4, 12)));
        advance();
        assertThat(last().localDay()).as("the days since the end, evaluated at once").isEqualTo(day(4));
        watermark(8);

        assertThat(rows()).extracting(MatchDay::localDay).containsSequence(day(2), day(3), day(4), day(5));
        assertThat(last().localDay()).isEqualTo(day(7));
        assertThat(last().level).isNotEqualTo("ended");
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }

    @Test
    void daysAreTheMenteesLocalDays() throws Exception {
        send(Events.registered("mentee", "Asia/Tokyo", at(-1, 0)));
        // 16:00 UTC on day 0 is 01:00 on day 1 in Tokyo
        send(Events.created(at(0, 16)));
        // 00:00 UTC on day 3 is 09:00 in Tokyo: Tokyo's day 2 has ended
        watermark(3);

        // the match's first day in UTC is withdrawn though this run never wrote it: a run before a restart may have
        // (see aResumedRunWithdrawsTheFirstDayAKilledRunCountedInAnEarlierZone)
        assertThat(rows()).extracting(d -> d.localDay() + (d.deleted ? " withdrawn" : " " + d.timezone))
                .containsExactly(day(0) + " withdrawn", day(1) + " Asia/Tokyo", day(2) + " Asia/Tokyo");
    }

    @Test
    void aTimeZoneLearnedLateMovesTheDaysAndWithdrawsOneThatNoLongerExists() throws Exception {
        send(Events.created(at(0, 16)));
        watermark(3);
        assertThat(rows()).extracting(MatchDay::localDay).containsExactly(day(0), day(1), day(2));
        int before = rows().size();

        send(Events.registered("mentee", "Asia/Tokyo", at(-1, 0)));

        List<MatchDay> changes = rowsSince(before);
        assertThat(changes.get(0).localDay()).isEqualTo(day(0));
        assertThat(changes.get(0).deleted).isTrue();
        assertThat(changes.subList(1, changes.size())).extracting(MatchDay::localDay).containsExactly(day(1), day(2));
        assertThat(changes.subList(1, changes.size())).extracting(d -> d.timezone).containsOnly("Asia/Tokyo");
        assertThat(late()).isEmpty();
    }

    @Test
    void theAgreedCadenceSetsTheStallThreshold() throws Exception {
        send(Events.created(at(0, 8)));
        send(Events.agreement(14, at(0, 9)));
        watermark(30);

        MatchDay day22 = rows().get(22);
        assertThat(day22.stallThresholdDays).isEqualTo(28);
        assertThat(day22.level).isEqualTo("at_risk");
        assertThat(rows().get(28).level).isEqualTo("at_risk");
        assertThat(rows().get(29).level).isEqualTo("stalled");
    }

    /**
     * A replay writes each match's outcome once, from its whole history: at the end of the input, or when an ended
     * match's state is cleared. Taken when the end arrived, it would miss the feedback read after it.
     */
    @Test
    void aReplayWritesEachOutcomeOnceFromTheWholeHistory() throws Exception {
        long logEnd = at(40, 0).toEpochMilli();
        for (boolean clearedBeforeTheEnd : new boolean[] {false, true}) {
            try (var replay = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                    new DailyMatchEvaluation(AnalyticsSettings.defaults().riskModel(), Duration.ofDays(14),
                            Duration.ofDays(15), logEnd)), (InteractionEvent e) -> e.matchId, Types.STRING)) {
                replay.open();
                InteractionEvent closed = Events.status("completed", at(5, 12));
                for (InteractionEvent e : List.of(Events.created(at(0, 8)), Events.meeting(at(1, 10)), closed)) {
                    replay.processElement(new StreamRecord<>(e, e.eventTime));
                }
                replay.processWatermark(at(7, 0).toEpochMilli());
                // the closing survey, read after the end day's row was written
                InteractionEvent feedback = Events.feedback("mentee", 5, at(5, 18));
                replay.processElement(new StreamRecord<>(feedback, feedback.eventTime));
                replay.processWatermark(at(clearedBeforeTheEnd ? 30 : 8, 0).toEpochMilli());
                replay.processWatermark(Long.MAX_VALUE);

                assertThat(replay.getSideOutput(DailyMatchEvaluation.OUTCOMES)).as("cleared first: %s",
                        clearedBeforeTheEnd).singleElement().satisfies(o -> {
                            assertThat(o.getValue().outcome).isEqualTo("completed");
                            assertThat(o.getValue().finalSatisfaction).isEqualTo(5);
                        });
            }
        }
    }

    @Test
    void anOutcomeFollowsEachDaysRowsAndAnEndAsSoonAsItIsKnownBeforeTheEndDayIsOver() throws Exception {
        send(Events.created(at(0, 8)));
        send(Events.meeting(at(1, 10)));
        watermark(5);
        assertThat(outcomes()).isNotEmpty().allSatisfy(o -> assertThat(o.outcome).isEqualTo("active"));
        MatchOutcome active = outcomes().get(outcomes().size() - 1);
        assertThat(active.censorDate).isEqualTo((int) day(4).toEpochDay());
        assertThat(active.version).isGreaterThan(last().version);

        // closed early at noon on day 5: the outcome says so at the next watermark advance, while day 5 goes on
        InteractionEvent closed = Events.status("closed_early", at(5, 12));
        closed.reason = "lost_contact";
        send(closed);
        int before = outcomes().size();
        advance();
        assertThat(rows()).extracting(MatchDay::localDay).doesNotContain(day(5));
        assertThat(outcomes().subList(before, outcomes().size())).singleElement().satisfies(o -> {
            assertThat(o.outcome).isEqualTo("closed_early");
            assertThat(o.endDate).isEqualTo((int) day(5).toEpochDay());
            assertThat(o.censorDate).isEqualTo((int) day(5).toEpochDay());
            assertThat(o.durationDays).isEqualTo(5);
            assertThat(o.closureReason).isEqualTo("lost_contact");
        });

        // once day 5 has passed, its ended row comes, and the same outcome with it
        watermark(7);
        assertThat(last().localDay()).isEqualTo(day(5));
        assertThat(last().status).isEqualTo("ended");
        MatchOutcome after = outcomes().get(outcomes().size() - 1);
        assertThat(List.of(after.outcome, after.endDate, after.durationDays))
                .containsExactly("closed_early", (int) day(5).toEpochDay(), 5);
    }
}
