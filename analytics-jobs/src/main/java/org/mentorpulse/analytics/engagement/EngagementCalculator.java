package org.mentorpulse.analytics.engagement;

import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.mentorpulse.analytics.engagement.MatchHistory.Agreement;
import org.mentorpulse.analytics.engagement.MatchHistory.Cancellation;
import org.mentorpulse.analytics.engagement.MatchHistory.Feedback;
import org.mentorpulse.analytics.engagement.MatchHistory.MeetingHeld;
import org.mentorpulse.analytics.engagement.MatchHistory.Role;
import org.mentorpulse.analytics.engagement.MatchHistory.Scheduling;
import org.mentorpulse.analytics.engagement.MatchHistory.StatusChange;
import org.mentorpulse.analytics.engagement.MatchHistory.Fact;

/**
 * Computes one day's engagement metrics (SPEC section 4) from a match's history. Only events that happened
 * before the end of the day (in the match's zone) count, so the answer for a day never depends on what came
 * after it or on the order events arrived in.
 *
 * <p>Choices the SPEC leaves open, made here:
 * <ul>
 *   <li>The match's day is the mentee's local day (else the mentor's, else UTC); off-hours are judged in each
 *       party's own zone.</li>
 *   <li>Responsiveness, one-sidedness, initiative, reliability and friction look at the trailing 56 days (eight
 *       weeks: long enough to hold a few meetings at a monthly cadence); a message is judged answered or not
 *       only once its 7-day window has passed.</li>
 *   <li>Cadence adherence counts only the days the match existed within each window, so a new match is not
 *       penalised for the weeks before it was created.</li>
 *   <li>The trend is the least-squares slope of two-way contact days per week over the last six weeks.</li>
 * </ul>
 *
 * <p>Windows are counted from running totals ({@link Conversation}, {@link Tallies}) that the history derives once
 * per change of its lists, so a day costs binary searches and the few facts of the day itself, not a pass over
 * the match's whole history. The plain passes this replaced are kept in the tests as the reference this class
 * must agree with, row for row.
 */
public final class EngagementCalculator {
    static final long HOUR_MS = 3_600_000L;

    private EngagementCalculator() {}

    /**
     * @param defaultMeetingEveryDays the program's cadence for matches without an agreement; null if none
     */
    public static MatchDay evaluate(MatchHistory h, int day, Integer defaultMeetingEveryDays) {
        LocalDays.ZoneDays days = h.days();
        long dayStart = days.startOf(day);
        long end = days.endOf(day);
        long start28 = days.startOf(day - 27);
        long start30 = days.startOf(day - 29);
        long start56 = days.startOf(day - 55);
        int startDay = days.of(h.startedAt());

        MatchDay d = dayOf(h, day);
        contact(h, d, day, days, end, startDay);
        meetings(h, d, days, dayStart, end, start28, start56, startDay);
        messages(h, d, dayStart, end, start56);
        reliability(h, d, end, start56);
        cadence(h, d, day, end, startDay, defaultMeetingEveryDays);
        agreedMessaging(h, d, day, days, end, start28, startDay);
        feedbackAndGoals(h, d, day, days, end);
        cohortAndSurveys(h, d, end);
        d.outreach30d = countBetween(h.outreach, start30, end);
        d.resourcesShared56d = countBetween(h.resources, start56, end);
        d.silentDaysForRisk = d.daysSinceTwoWayContact - pausedDays(h, days, day - d.daysSinceTwoWayContact, day);
        return d;
    }

    /** The day's row before any metric: which match and day, in which zone, and where the match stands. */
    static MatchDay dayOf(MatchHistory h, int day) {
        LocalDays.ZoneDays days = h.days();
        MatchDay d = new MatchDay();
        d.matchId = h.matchId;
        d.day = day;
        d.programId = h.programId == null ? "" : h.programId;
        d.cohortId = h.cohortId == null ? "" : h.cohortId;
        d.timezone = days.zone().getId();
        StatusChange status = h.statusAt(days.endOf(day) - 1);
        d.status = statusName(status);
        if (status != null) {
            d.statusReason = status.reason == null ? "" : status.reason;
            d.statusInitiatedBy = status.initiatedBy == null ? "" : status.initiatedBy;
        }
        d.daysSinceStart = Math.max(0, day - days.of(h.startedAt()));
        return d;
    }

    private static String statusName(StatusChange s) {
        if (s == null) {
            return "active";
        }
        return switch (s.status) {
            case "completed", "closed_early" -> "ended";
            case "paused" -> "paused";
            default -> "active";
        };
    }

    private static void contact(MatchHistory h, MatchDay d, int day, LocalDays.ZoneDays days, long end, int startDay) {
        Conversation c = h.conversation();
        long last = c.lastContactBefore(end);
        d.lastTwoWayContact = last == Long.MIN_VALUE ? null : last;
        int fromDay = last == Long.MIN_VALUE ? startDay : days.of(last);
        d.daysSinceTwoWayContact = Math.max(0, day - fromDay);

        // contact days are sorted and distinct; a local day never goes backwards as time does
        int[] contactDays = c.contactDays(days.zone());
        int upTo = Conversation.countAtMost(contactDays, day);
        d.twoWayDaysTotal = upTo;
        d.twoWayContact = upTo > 0 && contactDays[upTo - 1] == day;
        d.threeConversations = upTo >= 3;
        int[] perWeek = new int[6];
        for (int i = upTo - 1; i >= 0 && day - contactDays[i] < 42; i--) {
            int back = day - contactDays[i];
            if (back < 28) {
                d.twoWayDays28d++;
            }
            perWeek[5 - back / 7]++;
        }
        // no trend before the match has existed for the six weeks it looks at
        d.contactTrend6w = day - startDay >= 41 ? slope(perWeek) : null;
    }

    /** Least-squares slope of y over x = 0..n-1. */
    static double slope(int[] y) {
        int n = y.length;
        double meanX = (n - 1) / 2.0;
        double meanY = 0;
        for (int v : y) {
            meanY += v;
        }
        meanY /= n;
        double num = 0;
        double den = 0;
        for (int x = 0; x < n; x++) {
            num += (x - meanX) * (y[x] - meanY);
            den += (x - meanX) * (x - meanX);
        }
        return num / den;
    }

    private static void meetings(MatchHistory h, MatchDay d, LocalDays.ZoneDays days, long dayStart, long end,
            long start28, long start56, int startDay) {
        Conversation c = h.conversation();
        long[] times = c.meetingTimes;
        int total = MatchHistory.firstAtOrAfter(times, end);
        if (total == 0) {
            return;
        }
        d.firstMeetingHeld = true;
        d.daysToFirstMeeting = Math.max(0, days.of(times[0]) - startDay);
        for (int i = MatchHistory.firstAtOrAfter(times, dayStart); i < total; i++) {
            MeetingHeld m = h.meetings.get(i);
            d.meetingsHeld++;
            d.meetingMinutes += (int) Math.max(0, (m.endedAt - m.startedAt) / 60_000L);
            d.countContact(m.channel);
        }
        d.meetingsHeld28d = total - MatchHistory.firstAtOrAfter(times, start28);
        int from56 = MatchHistory.firstAtOrAfter(times, start56);
        d.meetingsHeld56d = total - from56;
        d.connectionIssues56d = c.connectionIssuesUpTo[total] - c.connectionIssuesUpTo[from56];
        ZoneId mentorZone = h.mentorZone();
        ZoneId menteeZone = h.menteeZone();
        d.offHoursShareMentor = mentorZone == null ? null : c.offHoursUpTo(mentorZone)[total] / (double) total;
        d.offHoursShareMentee = menteeZone == null ? null : c.offHoursUpTo(menteeZone)[total] / (double) total;
    }

    private static void messages(MatchHistory h, MatchDay d, long dayStart, long end, long start56) {
        Conversation c = h.conversation();
        long[] times = c.messageTimes;
        int from = MatchHistory.firstAtOrAfter(times, start56);
        int dayFrom = MatchHistory.firstAtOrAfter(times, dayStart);
        int to = MatchHistory.firstAtOrAfter(times, end);
        d.messagesFromMentor = c.fromMentorUpTo[to] - c.fromMentorUpTo[dayFrom];
        d.messagesFromMentee = c.fromMenteeUpTo[to] - c.fromMenteeUpTo[dayFrom];
        for (int i = dayFrom; i < to; i++) {
            d.countContact(h.messages.get(i).channel);
        }
        // one array for both: the mentor's answers fill it from the front, the mentee's from the back
        long[] delays = new long[to - from];
        int mentorAnswers = 0;
        int menteeFrom = delays.length;
        for (int i = from; i < to; i++) {
            if (c.isAnswer[i]) {
                if (c.senderRoles[i] == Role.mentee) {
                    delays[--menteeFrom] = c.answerDelayMs[i];
                } else {
                    delays[mentorAnswers++] = c.answerDelayMs[i];
                }
            }
        }
        d.medianAnswerHoursMentor = medianHours(delays, 0, mentorAnswers);
        d.medianAnswerHoursMentee = medianHours(delays, menteeFrom, delays.length);
        // judged: the messages whose answer window closed before the end of the day. Strictly before: an answer
        // at the window's last instant, the day's end, belongs to the next day, and must not change this one.
        int judgedTo = Math.max(from, MatchHistory.firstAtOrAfter(times, end - Conversation.ANSWER_WINDOW_MS));
        int judged = judgedTo - from;
        d.unansweredShare56d = judged == 0 ? null
                : (c.unansweredUpTo[judgedTo] - c.unansweredUpTo[from]) / (double) judged;

        Tallies t = h.tallies();
        int scheduledFrom = MatchHistory.firstAtOrAfter(t.schedulingTimes, start56);
        int scheduledTo = MatchHistory.firstAtOrAfter(t.schedulingTimes, end);
        int started = c.threadStartsUpTo[to] - c.threadStartsUpTo[from]
                + t.organizedUpTo[scheduledTo] - t.organizedUpTo[scheduledFrom];
        int startedByMentee = c.menteeThreadStartsUpTo[to] - c.menteeThreadStartsUpTo[from]
                + t.organizedByMenteeUpTo[scheduledTo] - t.organizedByMenteeUpTo[scheduledFrom];
        d.menteeInitiativeShare56d = started == 0 ? null : startedByMentee / (double) started;
    }

    /** The median of {@code delays[from, to)} in hours; null if the range is empty. */
    private static Double medianHours(long[] delays, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return null;
        }
        Arrays.sort(delays, from, to);
        int mid = from + n / 2;
        double median = n % 2 == 1 ? delays[mid] : (delays[mid - 1] + delays[mid]) / 2.0;
        return median / HOUR_MS;
    }

    private static void reliability(MatchHistory h, MatchDay d, long end, long start56) {
        Tallies t = h.tallies();
        int scheduledFrom = MatchHistory.firstAtOrAfter(t.schedulingTimes, start56);
        int scheduledTo = MatchHistory.firstAtOrAfter(t.schedulingTimes, end);
        d.meetingsScheduled56d = scheduledTo - scheduledFrom;
        d.reschedules56d = t.reschedulesUpTo[scheduledTo] - t.reschedulesUpTo[scheduledFrom];
        for (int i = MatchHistory.firstAtOrAfter(h.cancellations, start56); i < h.cancellations.size(); i++) {
            Cancellation c = h.cancellations.get(i);
            if (c.time >= end) {
                break;
            }
            d.cancellations56d++;
            Double notice = c.noticeHours;
            if (notice == null) {
                Scheduling latest = latestScheduling(h.schedulings, scheduledTo, c.meetingId);
                notice = latest == null ? null : (latest.plannedStart - c.time) / (double) HOUR_MS;
            }
            if (notice != null && notice < 24) {
                d.lateCancellations56d++;
            }
        }
        d.noShows56d = countBetween(h.noShows, start56, end);
    }

    /** The latest of the first {@code count} schedulings that is of the meeting; null if none. */
    private static Scheduling latestScheduling(List<Scheduling> schedulings, int count, String meetingId) {
        for (int i = count - 1; i >= 0; i--) {
            if (same(schedulings.get(i).meetingId, meetingId)) {
                return schedulings.get(i);
            }
        }
        return null;
    }

    static void cadence(MatchHistory h, MatchDay d, int day, long end, int startDay, Integer fallback) {
        Agreement agreement = h.agreementAt(end - 1);
        Integer every = agreement != null && agreement.meetingEveryDays != null ? agreement.meetingEveryDays : fallback;
        d.meetingEveryDays = every;
        if (every == null || every <= 0) {
            return;
        }
        d.overdueRatio = d.daysSinceTwoWayContact / (double) every;
        int active28 = Math.min(28, day - startDay + 1);
        int active56 = Math.min(56, day - startDay + 1);
        d.cadenceAdherence28d = active28 <= 0 ? null : d.meetingsHeld28d / (active28 / (double) every);
        d.cadenceAdherence56d = active56 <= 0 ? null : d.meetingsHeld56d / (active56 / (double) every);
    }

    /**
     * The agreement's messaging side: how many of the last 28 days had a message (either direction) against
     * the agreed "be in touch every N days", over the days the match existed; and how much of the contact used
     * the channels the pair chose. Both stay null without such an agreement: a program's default says nothing
     * about a pair's own choice.
     */
    private static void agreedMessaging(MatchHistory h, MatchDay d, int day, LocalDays.ZoneDays days, long end,
            long start28, int startDay) {
        Agreement agreement = h.agreementAt(end - 1);
        if (agreement == null) {
            return;
        }
        Integer every = agreement.messageEveryDays;
        d.messageEveryDays = every;
        Conversation c = h.conversation();
        int from = MatchHistory.firstAtOrAfter(c.messageTimes, start28);
        int to = MatchHistory.firstAtOrAfter(c.messageTimes, end);
        int meetingsFrom = MatchHistory.firstAtOrAfter(c.meetingTimes, start28);
        int meetingsTo = MatchHistory.firstAtOrAfter(c.meetingTimes, end);
        d.messageDays28d = c.messageDays(days, from, to);
        int contacts = to - from + meetingsTo - meetingsFrom;
        int onPreferred = 0;
        List<String> preferred = agreement.preferredChannels;
        for (int i = 0; i < preferred.size(); i++) {
            String channel = preferred.get(i);
            if (preferred.indexOf(channel) < i) {
                continue; // named twice: its contacts count once
            }
            int[] messagesOn = c.messagesOnChannelUpTo(channel);
            int[] meetingsOn = c.meetingsOnChannelUpTo(channel);
            onPreferred += (messagesOn == null ? 0 : messagesOn[to] - messagesOn[from])
                    + (meetingsOn == null ? 0 : meetingsOn[meetingsTo] - meetingsOn[meetingsFrom]);
        }
        int active28 = Math.min(28, day - startDay + 1);
        if (every != null && every > 0 && active28 > 0) {
            d.messageCadenceAdherence28d = d.messageDays28d / (active28 / (double) every);
        }
        if (!agreement.preferredChannels.isEmpty() && contacts > 0) {
            d.preferredChannelShare28d = onPreferred / (double) contacts;
        }
    }

    private static void feedbackAndGoals(MatchHistory h, MatchDay d, int day, LocalDays.ZoneDays days, long end) {
        Tallies t = h.tallies();
        int feedbackCount = MatchHistory.firstAtOrAfter(t.feedbackTimes, end);
        if (feedbackCount > 0) {
            Feedback latest = h.feedback.get(feedbackCount - 1);
            d.latestSatisfaction = latest.satisfaction;
            d.feedbackInstrument = latest.instrument == null ? "" : latest.instrument;
            d.feedbackScores = new TreeMap<>(latest.scores);
            d.satisfactionTrend = feedbackCount == 1 ? null
                    : (double) (latest.satisfaction - h.feedback.get(feedbackCount - 2).satisfaction);
        }
        int goalChanges = MatchHistory.firstAtOrAfter(t.goalTimes, end);
        d.goalsSet = t.goalsSetUpTo[goalChanges];
        d.goalsProgressed = t.goalsProgressedUpTo[goalChanges];
        d.goalsAchieved = t.goalsAchievedUpTo[goalChanges];
        long lastProgress = t.lastGoalProgressUpTo[goalChanges];
        d.daysSinceGoalProgress = lastProgress == Long.MIN_VALUE ? null : day - days.of(lastProgress);
    }

    private static void cohortAndSurveys(MatchHistory h, MatchDay d, long end) {
        Tallies t = h.tallies();
        int sessions = MatchHistory.firstAtOrAfter(t.sessionTimes, end);
        d.cohortSessionsMissed = t.sessionsMissedUpTo[sessions];
        d.kickoffAttended = t.kickoffsUpTo[sessions];
        d.midpointAttended = t.midpointsUpTo[sessions];
        d.closureAttended = t.closuresUpTo[sessions];
        d.surveysSent = MatchHistory.firstAtOrAfter(t.surveyTimes, end);
        d.surveysAnswered = t.surveysAnsweredUpTo[MatchHistory.firstAtOrAfter(t.feedbackTimes, end)];
        d.surveyResponseRate = d.surveysSent == 0 ? null : d.surveysAnswered / (double) d.surveysSent;
    }

    private static boolean same(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    /** Local days from {@code fromDay} (exclusive) to {@code toDay} (inclusive) at whose end the match was paused. */
    static int pausedDays(MatchHistory h, LocalDays.ZoneDays days, int fromDay, int toDay) {
        boolean everPaused = false;
        for (int i = 0; i < h.statuses.size(); i++) {
            everPaused |= "paused".equals(h.statuses.get(i).status);
        }
        if (!everPaused) {
            return 0;
        }
        int paused = 0;
        for (int day = fromDay + 1; day <= toDay; day++) {
            StatusChange s = h.statusAt(days.endOf(day) - 1);
            if (s != null && "paused".equals(s.status)) {
                paused++;
            }
        }
        return paused;
    }

    /** How many of a sorted list's facts happened in [from, end). */
    public static int countBetween(List<? extends Fact> list, long from, long end) {
        return end <= from ? 0 : MatchHistory.firstAtOrAfter(list, end) - MatchHistory.firstAtOrAfter(list, from);
    }
}
