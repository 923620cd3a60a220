package org.mentorpulse.analytics.outcomes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mentorpulse.analytics.testing.Events.at;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mentorpulse.analytics.engagement.EngagementCalculator;
import org.mentorpulse.analytics.engagement.LocalDays;
import org.mentorpulse.analytics.engagement.MatchDay;
import org.mentorpulse.analytics.engagement.MatchHistory;
import org.mentorpulse.analytics.event.InteractionEvent;
import org.mentorpulse.analytics.testing.Events;

class MatchOutcomeTest {
    private static final int DAY0 = (int) LocalDate.of(2026, 3, 2).toEpochDay();

    @Test
    void aMatchThatClosedEarlyIsASurvivalRecordWithItsFirstDaysEngagementAndItsLastAnswers() {
        MatchHistory h = new MatchHistory();
        InteractionEvent created = Events.created(at(0, 9));
        created.matchedBy = "staff";
        created.startsOn = DAY0;
        created.plannedEndOn = DAY0 + 180;
        h.apply(created);
        h.apply(Events.agreement(14, at(0, 10)));
        // two-way contact on days 1 (an answered message), 20 and 45 (meetings), 70 (an answer)
        h.apply(Events.message("mentor", at(1, 9)));
        h.apply(Events.message("mentee", at(1, 15)));
        h.apply(Events.meeting(at(20, 11)));
        h.apply(Events.meeting(at(45, 11)));
        h.apply(Events.message("mentee", at(70, 9)));
        h.apply(Events.message("mentor", at(70, 10)));
        h.apply(Events.goal("g-1", "achieved", at(50, 9)));
        h.apply(Events.feedback("mentee", 2, at(60, 9)));
        InteractionEvent mfq = Events.feedback("mentee", 3, at(61, 9));
        mfq.questionnaire = "mfq-9";
        mfq.questionnaireVersion = 1;
        mfq.scores = Map.of("career_1", 1.0, "career_2", 2.0, "career_3", 3.0, "psychosocial_1", 4.0,
                "psychosocial_2", 4.0, "psychosocial_3", 5.0, "role_modeling_1", 2.0, "role_modeling_2", 2.0,
                "role_modeling_3", 2.0);
        h.apply(mfq);
        h.apply(Events.feedback("mentee", 1, at(65, 9))); // a later answer without a questionnaire
        InteractionEvent closed = Events.status("closed_early", at(80, 12));
        closed.reason = "lost_contact";
        closed.initiatedBy = "mentee";
        h.apply(closed);

        MatchOutcome o = MatchOutcome.asOf(h, day(h, DAY0 + 80));

        assertThat(o.outcome).isEqualTo("closed_early");
        assertThat(o.closedEarly()).isTrue();
        assertThat(o.startDate).isEqualTo(DAY0);
        assertThat(o.endDate).isEqualTo(DAY0 + 80);
        assertThat(o.censorDate).isEqualTo(DAY0 + 80);
        assertThat(o.durationDays).isEqualTo(80);
        assertThat(o.plannedDurationDays).isEqualTo(180);
        assertThat(o.matchedBy).isEqualTo("staff");
        assertThat(o.meetingEveryDays).isEqualTo(14);
        assertThat(o.twoWayDays).containsExactly(2, 3, 4); // days 1 and 20; and 45; and 70
        assertThat(o.meetings).containsExactly(1, 2, 2);
        assertThat(o.messages).containsExactly(2, 2, 4);
        assertThat(o.finalSatisfaction).isEqualTo(1);
        assertThat(o.goalsAchieved).isEqualTo(1);
        assertThat(o.closureReason).isEqualTo("lost_contact");
        assertThat(o.closureInitiator).isEqualTo("mentee");
        assertThat(o.questionnaire).isEqualTo("mfq-9");
        assertThat(o.questionnaireVersion).isEqualTo(1);
        assertThat(o.questionnaireRespondent).isEqualTo("mentee");
        Map<String, Double> expected = new LinkedHashMap<>();
        expected.put("career_support", 2.0);
        expected.put("psychosocial_support", 13.0 / 3);
        expected.put("role_modeling", 2.0);
        assertThat(o.subscaleScores).containsExactlyEntriesOf(expected);
    }

    @Test
    void anActiveMatchIsCensoredAtItsLastEvaluatedDayAndItsWindowsStopThere() {
        MatchHistory h = new MatchHistory();
        h.apply(Events.created(at(0, 9)));
        h.apply(Events.meeting(at(3, 11)));
        h.apply(Events.meeting(at(30, 11))); // after the censor day: not seen yet

        MatchOutcome o = MatchOutcome.asOf(h, day(h, DAY0 + 10));

        assertThat(o.outcome).isEqualTo("active");
        assertThat(o.closedEarly()).isFalse();
        assertThat(o.endDate).isNull();
        assertThat(o.censorDate).isEqualTo(DAY0 + 10);
        assertThat(o.durationDays).isEqualTo(10);
        assertThat(o.meetings).containsExactly(1, 1, 1);
        assertThat(o.plannedDurationDays).isNull();
        assertThat(o.matchedBy).isEmpty();
        assertThat(o.questionnaire).isEmpty();
        assertThat(o.subscaleScores).isEmpty();
        assertThat(o.closureReason).isEmpty();
    }

    @Test
    void aCompletedMatchKeepsItsOwnStatusNotTheDailyRowsEnded() {
        MatchHistory h = new MatchHistory();
        h.apply(Events.created(at(0, 9)));
        InteractionEvent completed = Events.status("completed", at(100, 12));
        completed.initiatedBy = "staff";
        h.apply(completed);

        MatchDay last = day(h, DAY0 + 100);
        assertThat(last.status).isEqualTo("ended");
        MatchOutcome o = MatchOutcome.asOf(h, last);

        assertThat(o.outcome).isEqualTo("completed");
        assertThat(o.closedEarly()).isFalse();
        assertThat(o.endDate).isEqualTo(DAY0 + 100);
        assertThat(o.closureInitiator).isEqualTo("staff");
    }

    @Test
    void aClosureReasonReachesResearchersOnlyAsACode() {
        assertThat(MatchOutcome.reasonCode("relocation")).isEqualTo("relocation");
        assertThat(MatchOutcome.reasonCode("lost_contact")).isEqualTo("lost_contact");
        assertThat(MatchOutcome.reasonCode("Moved to Berlin with her partner")).isEqualTo("other");
        assertThat(MatchOutcome.reasonCode("time; see notes")).isEqualTo("other");
        assertThat(MatchOutcome.reasonCode(null)).isEmpty();
    }

    private static MatchDay day(MatchHistory h, int day) {
        assertThat(h.zone()).isEqualTo(ZoneOffset.UTC);
        assertThat(LocalDays.of(h.startedAt(), h.zone())).isEqualTo(DAY0);
        return EngagementCalculator.evaluate(h, day, null);
    }
}
