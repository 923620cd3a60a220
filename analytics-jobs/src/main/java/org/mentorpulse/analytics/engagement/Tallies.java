package org.mentorpulse.analytics.engagement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mentorpulse.analytics.engagement.MatchHistory.Feedback;
import org.mentorpulse.analytics.engagement.MatchHistory.GoalChange;
import org.mentorpulse.analytics.engagement.MatchHistory.Role;
import org.mentorpulse.analytics.engagement.MatchHistory.Scheduling;
import org.mentorpulse.analytics.engagement.MatchHistory.SessionAttendance;
import org.mentorpulse.analytics.engagement.MatchHistory.SurveySent;
import org.mentorpulse.analytics.engagement.MatchHistory.Fact;

/**
 * Running totals over the lists of a match's history that change rarely (schedulings, feedback, goals, cohort
 * sessions, surveys), so that a day asks "how many by the end of the day" with one binary search instead of a
 * pass from the match's first event. Entry {@code i} of an "...UpTo" array covers the list's first {@code i}
 * facts. Derived from {@link MatchHistory} on demand and dropped when one of these lists or the match's roles
 * change, like {@link Conversation}.
 *
 * <p>Every total here is a function of a prefix of its list: a fact's contribution never depends on facts that
 * come after it (see the survey matching below), so the total at the end of any day is the entry at the number
 * of facts before that end.
 */
final class Tallies {
    /** Where a session report's counts are kept (see {@link #counts}). */
    private static final int MISSED = 0;
    private static final int KICKOFF = 1;
    private static final int MIDPOINT = 2;
    private static final int CLOSURE = 3;
    private static final int[] NOTHING = new int[4];

    final long[] schedulingTimes;
    /** schedulings that moved a meeting already scheduled with another planned start */
    final int[] reschedulesUpTo;
    /** meetings scheduled by the mentor or the mentee (they count as initiative), and by the mentee */
    final int[] organizedUpTo;
    final int[] organizedByMenteeUpTo;

    final long[] feedbackTimes;
    /** feedback that answered an open survey: the oldest of the same recipient and instrument sent before it */
    final int[] surveysAnsweredUpTo;
    final long[] surveyTimes;

    final long[] goalTimes;
    final int[] goalsSetUpTo;
    final int[] goalsProgressedUpTo;
    final int[] goalsAchievedUpTo;
    /** the time of the latest progress among the first i changes; Long.MIN_VALUE if none */
    final long[] lastGoalProgressUpTo;

    final long[] sessionTimes;
    final int[] sessionsMissedUpTo;
    final int[] kickoffsUpTo;
    final int[] midpointsUpTo;
    final int[] closuresUpTo;

    Tallies(MatchHistory h) {
        List<Scheduling> schedulings = h.schedulings;
        int n = schedulings.size();
        schedulingTimes = new long[n];
        reschedulesUpTo = new int[n + 1];
        organizedUpTo = new int[n + 1];
        organizedByMenteeUpTo = new int[n + 1];
        Map<String, Long> plannedStart = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Scheduling s = schedulings.get(i);
            schedulingTimes[i] = s.time;
            Long before = plannedStart.put(s.meetingId, s.plannedStart);
            reschedulesUpTo[i + 1] = reschedulesUpTo[i] + (before != null && before != s.plannedStart ? 1 : 0);
            Role role = h.roleOf(s.organizerId);
            organizedUpTo[i + 1] = organizedUpTo[i] + (role != Role.other ? 1 : 0);
            organizedByMenteeUpTo[i + 1] = organizedByMenteeUpTo[i] + (role == Role.mentee ? 1 : 0);
        }

        // A feedback can only answer a survey sent before it, so which survey it answers does not depend on
        // anything later: matching over the whole lists gives, for every prefix, what matching the prefix gives.
        surveyTimes = times(h.surveys);
        feedbackTimes = times(h.feedback);
        surveysAnsweredUpTo = new int[h.feedback.size() + 1];
        List<SurveySent> open = new ArrayList<>(h.surveys);
        for (int i = 0; i < h.feedback.size(); i++) {
            Feedback f = h.feedback.get(i);
            int answered = 0;
            for (int j = 0; j < open.size(); j++) {
                SurveySent s = open.get(j);
                if (s.time <= f.time && same(s.recipientId, f.respondentId) && same(s.instrument, f.instrument)) {
                    answered = 1;
                    open.remove(j);
                    break;
                }
            }
            surveysAnsweredUpTo[i + 1] = surveysAnsweredUpTo[i] + answered;
        }

        List<GoalChange> goals = h.goals;
        goalTimes = times(goals);
        goalsSetUpTo = new int[goals.size() + 1];
        goalsProgressedUpTo = new int[goals.size() + 1];
        goalsAchievedUpTo = new int[goals.size() + 1];
        lastGoalProgressUpTo = new long[goals.size() + 1];
        lastGoalProgressUpTo[0] = Long.MIN_VALUE;
        Set<String> set = new HashSet<>();
        Set<String> progressed = new HashSet<>();
        Set<String> achieved = new HashSet<>();
        for (int i = 0; i < goals.size(); i++) {
            GoalChange g = goals.get(i);
            set.add(g.goalId);
            lastGoalProgressUpTo[i + 1] = lastGoalProgressUpTo[i];
            if ("progress".equals(g.status) || "achieved".equals(g.status)) {
                progressed.add(g.goalId);
                lastGoalProgressUpTo[i + 1] = g.time;
            }
            if ("achieved".equals(g.status)) {
                achieved.add(g.goalId);
            }
            goalsSetUpTo[i + 1] = set.size();
            goalsProgressedUpTo[i + 1] = progressed.size();
            goalsAchievedUpTo[i + 1] = achieved.size();
        }

        List<SessionAttendance> sessions = h.sessions;
        sessionTimes = times(sessions);
        sessionsMissedUpTo = new int[sessions.size() + 1];
        kickoffsUpTo = new int[sessions.size() + 1];
        midpointsUpTo = new int[sessions.size() + 1];
        closuresUpTo = new int[sessions.size() + 1];
        // a participant's report on a session replaces its earlier report on that session from its time on: each
        // report adds what it counts and takes back what the one it replaces counted
        Map<String, int[]> standing = new HashMap<>();
        for (int i = 0; i < sessions.size(); i++) {
            SessionAttendance s = sessions.get(i);
            int[] counts = counts(h, s);
            int[] replaced = standing.put(s.participantId + "\u0000" + s.sessionId, counts);
            if (replaced == null) {
                replaced = NOTHING;
            }
            sessionsMissedUpTo[i + 1] = sessionsMissedUpTo[i] + counts[MISSED] - replaced[MISSED];
            kickoffsUpTo[i + 1] = kickoffsUpTo[i] + counts[KICKOFF] - replaced[KICKOFF];
            midpointsUpTo[i + 1] = midpointsUpTo[i] + counts[MIDPOINT] - replaced[MIDPOINT];
            closuresUpTo[i + 1] = closuresUpTo[i] + counts[CLOSURE] - replaced[CLOSURE];
        }
    }

    /**
     * What one report counts, by {@link #MISSED}, {@link #KICKOFF}, {@link #MIDPOINT} and {@link #CLOSURE}: only
     * the pair's own attendance counts; a session of someone else routed here adds nothing.
     */
    private static int[] counts(MatchHistory h, SessionAttendance s) {
        int[] counts = new int[4];
        if (h.roleOf(s.participantId) == Role.other) {
            return counts;
        }
        if (!s.attended) {
            counts[MISSED] = 1;
        } else {
            switch (String.valueOf(s.kind)) {
                case "kickoff" -> counts[KICKOFF] = 1;
                case "midpoint" -> counts[MIDPOINT] = 1;
                case "closure" -> counts[CLOSURE] = 1;
                default -> { }
            }
        }
        return counts;
    }

    private static long[] times(List<? extends Fact> facts) {
        long[] times = new long[facts.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = facts.get(i).time;
        }
        return times;
    }

    private static boolean same(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }
}
