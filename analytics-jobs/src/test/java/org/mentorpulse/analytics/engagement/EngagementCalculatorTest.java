package org.mentorpulse.analytics.engagement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.mentorpulse.analytics.testing.Events.at;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.mentorpulse.analytics.event.InteractionEvent;
import org.mentorpulse.analytics.testing.Events;

class EngagementCalculatorTest {
    private final MatchHistory history = new MatchHistory();

    private void apply(InteractionEvent... events) {
        for (InteractionEvent e : events) {
            history.apply(e);
        }
    }

    private MatchDay day(int n) {
        return EngagementCalculator.evaluate(history, (int) LocalDate.of(2026, 3, 2).plusDays(n).toEpochDay(), null);
    }

    @Test
    void aMessageAnsweredWithinAWeekIsTwoWayContactAndItsDelayIsTheResponsiveness() {
        apply(Events.created(at(0, 8)),
                Events.message("mentee", at(1, 9)), Events.message("mentee", at(1, 12)),
                Events.message("mentor", at(2, 9)),
                // a week and more later: starts a new conversation instead of answering
                Events.message("mentee", at(12, 9)));

        MatchDay d = day(12);
        assertThat(d.lastTwoWayContact).isEqualTo(at(2, 9).toEpochMilli());
        assertThat(d.daysSinceTwoWayContact).isEqualTo(10);
        // the mentor answered the question that waited longest: 24 hours
        assertThat(d.medianAnswerHoursMentor).isEqualTo(24.0);
        assertThat(d.medianAnswerHoursMentee).isNull();
        assertThat(d.messagesFromMentee).isEqualTo(1);
        assertThat(d.contactsByChannel).containsEntry("email", 1);
        // judged (7 days passed): the mentee's two of day 1 (answered), the mentor's of day 2 (not answered in time)
        assertThat(d.unansweredShare56d).isCloseTo(1 / 3.0, within(1e-9));
        // two thread starts, both by the mentee
        assertThat(d.menteeInitiativeShare56d).isEqualTo(1.0);
    }

    @Test
    void whatHappensAfterTheDayDoesNotCountForIt() {
        apply(Events.created(at(0, 8)), Events.meeting(at(5, 10)), Events.feedback("mentee", 2, at(6, 10)));

        MatchDay before = day(4);
        assertThat(before.firstMeetingHeld).isFalse();
        assertThat(before.latestSatisfaction).isNull();
        assertThat(before.daysSinceTwoWayContact).isEqualTo(4);
        MatchDay after = day(6);
        assertThat(after.firstMeetingHeld).isTrue();
        assertThat(after.daysToFirstMeeting).isEqualTo(5);
        assertThat(after.latestSatisfaction).isEqualTo(2);
    }

    @Test
    void cadenceAdherenceCountsMeetingsAgainstTheAgreementOverTheDaysTheMatchExisted() {
        apply(Events.created(at(0, 8)), Events.agreement(7, at(0, 9)), Events.meeting(at(3, 10)),
                Events.meeting(at(10, 10)));

        MatchDay d = day(13);
        assertThat(d.meetingEveryDays).isEqualTo(7);
        assertThat(d.meetingsHeld28d).isEqualTo(2);
        // 14 days of existence at one meeting a week: 2 expected, 2 held
        assertThat(d.cadenceAdherence28d).isCloseTo(1.0, within(1e-9));
        assertThat(d.overdueRatio).isCloseTo(3 / 7.0, within(1e-9));
    }

    @Test
    void reliabilityCountsCancellationsLateOnesNoShowsAndReschedules() {
        apply(Events.created(at(0, 8)),
                Events.scheduled("a", "mentee", at(1, 8), at(5, 15)),
                Events.scheduled("a", "mentee", at(2, 8), at(6, 15)),
                Events.cancelled("a", "mentor", at(6, 3), null),
                Events.scheduled("b", "mentor", at(7, 8), at(9, 15)),
                Events.cancelled("b", "mentee", at(8, 8), 31.0),
                Events.scheduled("c", "mentor", at(10, 8), at(12, 15)),
                Events.missed("c", "mentee", at(12, 16)));

        MatchDay d = day(13);
        assertThat(d.meetingsScheduled56d).isEqualTo(4);
        assertThat(d.reschedules56d).isEqualTo(1);
        assertThat(d.cancellations56d).isEqualTo(2);
        // meeting a was cancelled 12 hours before its (rescheduled) start; b with 31 hours' notice
        assertThat(d.lateCancellations56d).isEqualTo(1);
        assertThat(d.noShows56d).isEqualTo(1);
        // meetings set up: two by the mentee (a, twice), two by the mentor
        assertThat(d.menteeInitiativeShare56d).isEqualTo(0.5);
    }

    @Test
    void offHoursAreJudgedInEachPartysOwnZone() {
        apply(Events.registered("mentor", "Europe/Berlin", at(-2, 0)),
                Events.registered("mentee", "America/New_York", at(-2, 0)),
                Events.created(at(0, 8)),
                // ends 16:00 UTC: started 16:15 in Berlin, 10:15 in New York
                Events.meeting(at(1, 16)),
                // ends 23:00 UTC: started 23:15 in Berlin (off hours), 17:15 in New York
                Events.meeting(at(3, 23)));

        MatchDay d = day(5);
        assertThat(d.timezone).isEqualTo("America/New_York");
        assertThat(d.offHoursShareMentor).isEqualTo(0.5);
        assertThat(d.offHoursShareMentee).isEqualTo(0.0);
    }

    @Test
    void feedbackGoalsSurveysAndOutreach() {
        apply(Events.created(at(0, 8)), Events.goal("g1", "set", at(1, 8)), Events.goal("g2", "set", at(1, 9)),
                Events.goal("g1", "progress", at(5, 8)), Events.goal("g1", "achieved", at(9, 8)),
                Events.survey("mentee", at(3, 8)), Events.survey("mentee", at(8, 8)),
                Events.feedback("mentee", 4, at(4, 8)), Events.feedback("mentee", 2, at(9, 12)),
                Events.outreach(at(2, 10)), Events.outreach(at(9, 10)));

        MatchDay d = day(10);
        assertThat(d.goalsSet).isEqualTo(2);
        assertThat(d.goalsProgressed).isEqualTo(1);
        assertThat(d.goalsAchieved).isEqualTo(1);
        assertThat(d.daysSinceGoalProgress).isEqualTo(1);
        assertThat(d.latestSatisfaction).isEqualTo(2);
        assertThat(d.satisfactionTrend).isEqualTo(-2.0);
        assertThat(d.feedbackScores).containsEntry("rapport", 2.0);
        assertThat(d.surveysSent).isEqualTo(2);
        assertThat(d.surveysAnswered).isEqualTo(2);
        assertThat(d.surveyResponseRate).isEqualTo(1.0);
        assertThat(d.outreach30d).isEqualTo(2);
    }

    @Test
    void cohortSessionsCountThePairsAttendance() {
        apply(Events.created(at(0, 8)),
                Events.forMatch(Events.MATCH, Events.session("mentor", "kickoff", true, at(2, 15))),
                Events.forMatch(Events.MATCH, Events.session("mentee", "kickoff", true, at(2, 15))),
                Events.forMatch(Events.MATCH, Events.session("mentee", "midpoint", false, at(9, 15))));

        MatchDay d = day(10);
        assertThat(d.kickoffAttended).isEqualTo(2);
        assertThat(d.midpointAttended).isZero();
        assertThat(d.cohortSessionsMissed).isEqualTo(1);
    }

    @Test
    void aLaterReportOnTheSameSessionReplacesTheEarlierFromItsTimeOnWhicheverCameFirst() {
        InteractionEvent missed = routed(Events.session("mentee", "kickoff", false, at(1, 18)));
        InteractionEvent corrected = routed(Events.session("mentee", "kickoff", true, at(3, 9)));
        for (boolean correctionFirst : new boolean[] {false, true}) {
            MatchHistory h = new MatchHistory();
            h.apply(Events.created(at(0, 8)));
            if (correctionFirst) {
                h.apply(corrected);
                h.apply(missed);
            } else {
                h.apply(missed);
                h.apply(corrected);
            }
            MatchDay beforeCorrection = EngagementCalculator.evaluate(h, epochDay(2), null);
            MatchDay after = EngagementCalculator.evaluate(h, epochDay(3), null);
            assertThat(beforeCorrection.cohortSessionsMissed).as("correction first: %s", correctionFirst).isEqualTo(1);
            assertThat(beforeCorrection.kickoffAttended).isZero();
            assertThat(after.cohortSessionsMissed).isZero();
            assertThat(after.kickoffAttended).isEqualTo(1);
        }
    }

    @Test
    void aMessageIsJudgedUnansweredOnlyOnceItsWeekEndedBeforeTheDayDid() {
        // the mentor's answer comes exactly a week later, at the instant day 8 ends: it is day 9's
        apply(Events.created(at(0, 8)), Events.message("mentee", at(2, 0)), Events.message("mentor", at(9, 0)));

        assertThat(day(8).unansweredShare56d).as("the week ends with day 8: not judged on it yet").isNull();
        assertThat(day(9).unansweredShare56d).as("answered in time").isEqualTo(0.0);
    }

    @Test
    void theTrendIsTheSlopeOfWeeklyContactDays() {
        apply(Events.created(at(0, 8)));
        // three contact days a week for three weeks, then one, then none
        int[] contactDays = {1, 2, 3, 8, 9, 10, 15, 16, 17, 22};
        for (int day : contactDays) {
            history.apply(Events.meeting(at(day, 12)));
        }
        MatchDay d = day(41);
        assertThat(d.twoWayDaysTotal).isEqualTo(10);
        assertThat(d.contactTrend6w).isNegative();
        assertThat(EngagementCalculator.slope(new int[] {3, 3, 3, 1, 0, 0})).isCloseTo(-0.743, within(1e-3));
        assertThat(day(20).contactTrend6w).as("no trend before six weeks").isNull();
    }

    @Test
    void pausedDaysAreNotHeldAgainstTheMatch() {
        apply(Events.created(at(0, 8)), Events.meeting(at(1, 10)), Events.status("paused", at(3, 10)),
                Events.status("active", at(13, 10)));

        MatchDay d = day(20);
        assertThat(d.daysSinceTwoWayContact).isEqualTo(19);
        // days 3 to 12 ended paused
        assertThat(d.silentDaysForRisk).isEqualTo(9);
        assertThat(day(5).status).isEqualTo("paused");
    }

    @Test
    void theAgreedMessagingCadenceAndChannelsAreMeasuredOverTheLast28Days() {
        InteractionEvent agreement = Events.agreement(14, at(0, 9));
        agreement.messageEveryDays = 7;
        agreement.preferredChannels = java.util.List.of("video", "email");
        InteractionEvent chat = Events.message("mentee", at(1, 9));
        chat.channel = "chat";
        apply(Events.created(at(0, 8)), agreement, chat,
                Events.message("mentor", at(3, 9)), Events.message("mentee", at(3, 15)),
                Events.meeting(at(5, 10)), Events.message("mentor", at(10, 9)));

        MatchDay d = day(13);
        assertThat(d.messageEveryDays).isEqualTo(7);
        // messages on days 1, 3 and 10; fourteen days of the match so far, two expected at one a week
        assertThat(d.messageDays28d).isEqualTo(3);
        assertThat(d.messageCadenceAdherence28d).isCloseTo(1.5, within(1e-9));
        // four messages and a meeting, all but the chat message on an agreed channel
        assertThat(d.preferredChannelShare28d).isCloseTo(0.8, within(1e-9));
    }

    @Test
    void withoutAnAgreementTheMessagingMeasuresStayNull() {
        apply(Events.created(at(0, 8)), Events.message("mentee", at(1, 9)));
        MatchDay d = day(3);
        assertThat(d.messageEveryDays).isNull();
        assertThat(d.messageCadenceAdherence28d).isNull();
        assertThat(d.preferredChannelShare28d).isNull();
    }

    @Test
    void theLatestStatusChangeSaysWhyAndWhoOnEveryDayAfterIt() {
        InteractionEvent closed = Events.status("closed_early", at(9, 12));
        closed.reason = "relocation";
        closed.initiatedBy = "mentee";
        apply(Events.created(at(0, 8)), Events.status("paused", at(4, 10)), closed);

        assertThat(day(2)).extracting(m -> m.statusReason, m -> m.statusInitiatedBy).containsExactly("", "");
        assertThat(day(9)).extracting(m -> m.status, m -> m.statusReason, m -> m.statusInitiatedBy)
                .containsExactly("ended", "relocation", "mentee");
    }

    private static InteractionEvent routed(InteractionEvent participantFact) {
        return participantFact.routedTo(Events.MATCH);
    }

    private static int epochDay(int n) {
        return (int) LocalDate.of(2026, 3, 2).plusDays(n).toEpochDay();
    }
}
