package org.mentorpulse.analytics.participant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mentorpulse.analytics.testing.Events.at;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mentorpulse.analytics.event.InteractionEvent;
import org.mentorpulse.analytics.testing.Events;
import org.mentorpulse.schema.EventTypes;

class ParticipantRoutingTest {
    private KeyedOneInputStreamOperatorTestHarness<String, InteractionEvent, InteractionEvent> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new ParticipantRouting()),
                e -> e.actorId, Types.STRING);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void send(InteractionEvent e) throws Exception {
        for (InteractionEvent copy : ParticipantRouting.perParticipant(e)) {
            harness.processElement(new StreamRecord<>(copy, copy.eventTime));
        }
    }

    private List<String> routed() {
        return harness.extractOutputValues().stream()
                .map(e -> e.type.substring("org.mentorpulse.".length()) + " " + e.actorId + " -> " + e.matchId).toList();
    }

    @Test
    void aRegistrationReachesEveryMatchOfTheParticipantWhicheverCameFirst() throws Exception {
        InteractionEvent registered = Events.registered("mentee", "Asia/Tokyo", at(-1, 0));
        registered.matchId = null;
        send(registered);
        send(Events.created(at(0, 8)));
        send(Events.forMatch("m-2", Events.created(at(5, 8))));

        assertThat(routed()).containsExactly("participant.registered mentee -> m-1",
                "participant.registered mentee -> m-2");
        assertThat(harness.extractOutputValues()).allSatisfy(e -> assertThat(e.timezone).isEqualTo("Asia/Tokyo"));
    }

    @Test
    void aLaterRegistrationIsForwardedAndAnOlderOneArrivingLateIsNot() throws Exception {
        send(Events.created(at(0, 8)));
        InteractionEvent moved = Events.registered("mentor", "Europe/Lisbon", at(20, 0));
        moved.matchId = null;
        InteractionEvent old = Events.registered("mentor", "Europe/Berlin", at(-3, 0));
        old.matchId = null;
        send(moved);
        send(old);

        assertThat(routed()).containsExactly("participant.registered mentor -> m-1");
        assertThat(harness.extractOutputValues().get(0).timezone).isEqualTo("Europe/Lisbon");
    }

    @Test
    void cohortSessionsReachTheMatchesOfThatCohortOnly() throws Exception {
        send(Events.session("mentee", "kickoff", true, at(2, 15)));
        send(Events.created(at(3, 8)));
        InteractionEvent otherCohort = Events.forMatch("m-9", Events.created(at(3, 9)));
        otherCohort.cohortId = "c-2";
        send(otherCohort);

        assertThat(routed()).containsExactly("cohort.session.attended mentee -> m-1");
        assertThat(harness.extractOutputValues().get(0).is(EventTypes.COHORT_SESSION_ATTENDED)).isTrue();
    }

    @Test
    void anErasureForgetsTheParticipant() throws Exception {
        send(Events.created(at(0, 8)));
        InteractionEvent erased = new InteractionEvent();
        erased.type = EventTypes.PARTICIPANT_ERASED;
        erased.actorId = "mentee";
        erased.eventTime = at(10, 0).toEpochMilli();
        send(erased);
        InteractionEvent registered = Events.registered("mentee", "Asia/Tokyo", at(11, 0));
        registered.matchId = null;
        send(registered);

        assertThat(routed()).isEmpty();
    }
}
