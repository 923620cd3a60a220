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

        // a meeting held on day 24, reported late (after the day-24 row was already written)
        send(Events.meeting(at(24, 18)));
        harness.processWatermark(at(27, 0).toEpochMilli());

        List<MatchRiskRow> rows = rows();
        MatchRiskRow day26 = rows.get(rows.size() - 1);
        assertThat(day26.localDay()).isEqualTo(LocalDate.of(2026, 3, 28));
        assertThat(day26.daysSinceTwoWayContact).isEqualTo(2);
        assertThat(day26.level).isEqualTo("on_track");
        assertThat(day26.version).isEqualTo(2);
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
}
