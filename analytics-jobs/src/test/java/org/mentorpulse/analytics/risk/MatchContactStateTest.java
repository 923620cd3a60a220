package org.mentorpulse.analytics.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mentorpulse.analytics.risk.Events.at;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class MatchContactStateTest {
    private static final LocalDate DAY0 = LocalDate.of(2026, 3, 2);

    @Test
    void aMessageCountsAsTwoWayContactOnlyWhenItAnswersTheOtherParty() {
        MatchContactState s = new MatchContactState();
        s.apply(Events.created(at(0, 0)));
        s.apply(Events.message("mentor", at(1, 9)));
        s.apply(Events.message("mentor", at(2, 9)));
        assertThat(s.lastTwoWayContact()).isEqualTo(Long.MIN_VALUE);

        s.apply(Events.message("mentee", at(4, 9)));
        assertThat(s.lastTwoWayContact()).isEqualTo(at(4, 9).toEpochMilli());
        assertThat(s.daysSinceTwoWayContact(DAY0.plusDays(10))).isEqualTo(6);
    }

    @Test
    void aMessageMoreThanSevenDaysAfterTheOtherPartysLastOneAnswersNothing() {
        MatchContactState s = new MatchContactState();
        s.apply(Events.created(at(0, 0)));
        s.apply(Events.message("mentee", at(1, 9)));
        s.apply(Events.message("mentor", at(9, 10)));
        assertThat(s.lastTwoWayContact()).isEqualTo(Long.MIN_VALUE);

        s.apply(Events.message("mentee", at(10, 9)));
        assertThat(s.lastTwoWayContact()).isEqualTo(at(10, 9).toEpochMilli());
    }

    @Test
    void aHeldMeetingIsTwoWayContactEvenWhenItArrivesLate() {
        MatchContactState s = new MatchContactState();
        s.apply(Events.created(at(0, 0)));
        s.apply(Events.meeting(at(20, 10)));
        s.apply(Events.meeting(at(12, 10)));
        assertThat(s.lastTwoWayContact()).isEqualTo(at(20, 10).toEpochMilli());
        assertThat(s.eventsSeen).isEqualTo(3);
    }

    @Test
    void eachDayIsEvaluatedAgainstTheContactKnownByThenEvenWhenLaterContactArrivedFirst() {
        MatchContactState s = new MatchContactState();
        s.apply(Events.created(at(0, 0)));
        s.apply(Events.meeting(at(30, 10)));
        s.apply(Events.meeting(at(5, 10)));
        assertThat(s.daysSinceTwoWayContact(DAY0.plusDays(4))).isEqualTo(4);
        assertThat(s.daysSinceTwoWayContact(DAY0.plusDays(29))).isEqualTo(24);
        assertThat(s.daysSinceTwoWayContact(DAY0.plusDays(31))).isEqualTo(1);
        assertThat(s.evaluate(DAY0.plusDays(29), StallPolicy.defaults()).lastTwoWayContact)
                .isEqualTo(at(5, 10).toEpochMilli());
    }

    @Test
    void withoutAnyContactTheSilenceIsCountedFromTheMatchStart() {
        MatchContactState s = new MatchContactState();
        s.apply(Events.created(at(0, 15)));
        assertThat(s.daysSinceTwoWayContact(DAY0.plusDays(30))).isEqualTo(30);
        MatchRiskRow row = s.evaluate(DAY0.plusDays(30), StallPolicy.defaults());
        assertThat(row.level).isEqualTo("stalled");
        assertThat(row.lastTwoWayContact).isNull();
        assertThat(row.programId).isEqualTo("prog");
    }

    @Test
    void aLateOlderMessageDoesNotChangeWhoSpokeLast() {
        MatchContactState s = new MatchContactState();
        s.apply(Events.created(at(0, 0)));
        s.apply(Events.message("mentor", at(5, 9)));
        s.apply(Events.message("mentee", at(3, 9)));
        assertThat(s.lastMessageSender).isEqualTo("mentor");
        assertThat(s.lastTwoWayContact()).isEqualTo(Long.MIN_VALUE);
    }
}
