package org.mentorpulse.analytics.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mentorpulse.analytics.risk.Events.at;

import java.time.LocalDate;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mentorpulse.analytics.event.InteractionEvent;

class CommitmentRiskFunctionTest {
    private KeyedOneInputStreamOperatorTestHarness<String, InteractionEvent, MatchRiskRow> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new CommitmentRiskFunction(StallPolicy.defaults())),
                e -> e.matchId, Types.STRING);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void send(InteractionEvent e) throws Exception {
        harness.processElement(new StreamRecord<>(e, e.eventTime));
    }

    private List<MatchRiskRow> rows() {
        return harness.extractOutputValues();
    }

    @Test
    void aSilentMatchIsEvaluatedEveryDayAndFlaggedStalledWithoutEventsOfItsOwn() throws Exception {
        send(Events.created(at(0, 8)));
        send(Events.meeting(at(1, 10)));

        harness.processWatermark(at(30, 0).toEpochMilli());

        List<MatchRiskRow> rows = rows();
        assertThat(rows).hasSize(30);
        assertThat(rows.get(0).localDay()).isEqualTo(LocalDate.of(2026, 3, 2));
        MatchRiskRow day22 = rows.get(23);
        assertThat(day22.daysSinceTwoWayContact).isEqualTo(22);
        assertThat(day22.level).isEqualTo("stalled");
        assertThat(rows.get(22).level).isEqualTo("at_risk");
        // exactly one pending timer per match: the next midnight
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }

    @Test
    void contactThatArrivesOutOfOrderStillEndsTheStallForLaterDays() throws Exception {
        send(Events.created(at(0, 8)));
        harness.processWatermark(at(25, 0).toEpochMilli());
        assertThat(rows().get(rows().size() - 1).level).isEqualTo("stalled");

        // a meeting held on day 22, reported late: days 0..24 were already evaluated without it
        int before = rows().size();
        send(Events.meeting(at(22, 18)));

        List<MatchRiskRow> corrections = rows().subList(before, rows().size());
        assertThat(corrections).extracting(MatchRiskRow::localDay)
                .containsExactly(LocalDate.of(2026, 3, 24), LocalDate.of(2026, 3, 25), LocalDate.of(2026, 3, 26));
        assertThat(corrections).extracting(r -> r.level).containsOnly("on_track");
        assertThat(corrections).extracting(r -> r.version).containsOnly(2L);

        harness.processWatermark(at(27, 0).toEpochMilli());
        MatchRiskRow day26 = rows().get(rows().size() - 1);
        assertThat(day26.localDay()).isEqualTo(LocalDate.of(2026, 3, 28));
        assertThat(day26.daysSinceTwoWayContact).isEqualTo(4);
        assertThat(day26.level).isEqualTo("on_track");
    }

    @Test
    void aMatchFirstSeenBehindTheWatermarkIsEvaluatedAtOnceUpToIt() throws Exception {
        InteractionEvent clock = Events.created(at(0, 8));
        clock.matchId = "m-clock";
        send(clock);
        harness.processWatermark(at(10, 0).toEpochMilli());
        int before = rows().size();

        send(Events.created(at(2, 8)));

        List<MatchRiskRow> caughtUp = rows().subList(before, rows().size());
        assertThat(caughtUp).extracting(MatchRiskRow::localDay)
                .containsExactly(LocalDate.of(2026, 3, 4), LocalDate.of(2026, 3, 5), LocalDate.of(2026, 3, 6),
                        LocalDate.of(2026, 3, 7), LocalDate.of(2026, 3, 8), LocalDate.of(2026, 3, 9),
                        LocalDate.of(2026, 3, 10), LocalDate.of(2026, 3, 11));
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);
    }

    @Test
    void theEndOfABoundedInputEmitsNoRowsForDaysNobodyObserved() throws Exception {
        send(Events.created(at(0, 8)));
        harness.processWatermark(at(3, 0).toEpochMilli());
        int before = rows().size();

        harness.processWatermark(Long.MAX_VALUE);

        assertThat(rows()).hasSize(before);
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void matchesAreKeptApart() throws Exception {
        InteractionEvent other = Events.created(at(0, 8));
        other.matchId = "m-2";
        send(Events.created(at(0, 8)));
        send(other);
        send(Events.meeting(at(0, 12)));

        harness.processWatermark(at(1, 0).toEpochMilli());

        assertThat(rows()).extracting(r -> r.matchId + ":" + r.lastTwoWayContact)
                .containsExactlyInAnyOrder("m-1:" + at(0, 12).toEpochMilli(), "m-2:null");
    }

    @Test
    void anEndedMatchGetsOneEndedRowKeepsStateForLateCorrectionsThenIsCleared() throws Exception {
        send(Events.created(at(0, 8)));
        send(Events.meeting(at(1, 10)));
        send(Events.status("closed_early", at(5, 10)));
        harness.processWatermark(at(12, 0).toEpochMilli());

        List<MatchRiskRow> rows = rows();
        assertThat(rows).extracting(MatchRiskRow::localDay).last().isEqualTo(LocalDate.of(2026, 3, 7));
        assertThat(rows.get(rows.size() - 1).level).isEqualTo("ended");
        assertThat(rows.get(rows.size() - 1).score).isZero();
        assertThat(rows.get(rows.size() - 2).level).isEqualTo("on_track");
        // no daily timer any more, only the one that clears the state
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        // a late meeting on day 3 still corrects days 3 to 5
        int before = rows.size();
        send(Events.meeting(at(3, 9)));
        assertThat(rows().subList(before, rows().size())).extracting(MatchRiskRow::localDay)
                .containsExactly(LocalDate.of(2026, 3, 5), LocalDate.of(2026, 3, 6), LocalDate.of(2026, 3, 7));

        harness.processWatermark(at(30, 0).toEpochMilli());
        assertThat(harness.numEventTimeTimers()).isZero();
        int after = rows().size();
        send(Events.meeting(at(29, 9)));
        assertThat(rows()).hasSize(after);
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aMatchReopenedBeforeItsStateIsClearedIsEvaluatedDailyAgain() throws Exception {
        send(Events.created(at(0, 8)));
        send(Events.status("completed", at(2, 10)));
        harness.processWatermark(at(5, 0).toEpochMilli());
        send(Events.status("active", at(4, 12)));
        harness.processWatermark(at(8, 0).toEpochMilli());

        List<MatchRiskRow> rows = rows();
        assertThat(rows.get(rows.size() - 1).localDay()).isEqualTo(LocalDate.of(2026, 3, 9));
        assertThat(rows.get(rows.size() - 1).level).isNotEqualTo("ended");
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }
}
