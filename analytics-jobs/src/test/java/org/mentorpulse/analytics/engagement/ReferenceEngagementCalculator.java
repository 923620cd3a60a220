package org.mentorpulse.analytics.engagement;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.mentorpulse.analytics.engagement.MatchHistory.Agreement;
import org.mentorpulse.analytics.engagement.MatchHistory.Cancellation;
import org.mentorpulse.analytics.engagement.MatchHistory.Feedback;
import org.mentorpulse.analytics.engagement.MatchHistory.GoalChange;
import org.mentorpulse.analytics.engagement.MatchHistory.MeetingHeld;
import org.mentorpulse.analytics.engagement.MatchHistory.Message;
import org.mentorpulse.analytics.engagement.MatchHistory.Role;
import org.mentorpulse.analytics.engagement.MatchHistory.Scheduling;
import org.mentorpulse.analytics.engagement.MatchHistory.SessionAttendance;
import org.mentorpulse.analytics.engagement.MatchHistory.StatusChange;
import org.mentorpulse.analytics.engagement.MatchHistory.SurveySent;
import org.mentorpulse.analytics.engagement.MatchHistory.Fact;

/**
 * The engagement calculator as it was before it kept running totals: every day recomputed from the match's
 * sorted history in plain passes over each list, with the conversation's facts ({@link Facts}) worked out as
 * {@code Conversation} did then. It is kept, unchanged in substance, as the reference that
 * {@link EngagementCalculatorProperties} holds {@link EngagementCalculator} to: whatever the faster one does,
 * its rows must equal these.
 */
final class ReferenceEngagementCalculator {
    private static final long HOUR_MS = 3_600_000L;

    private ReferenceEngagementCalculator() {}

    /**
     * @param defaultMeetingEveryDays the program's cadence for matches without an agreement; null if none
     */
    static MatchDay evaluate(MatchHistory h, int day, Integer defaultMeetingEveryDays) {
        LocalDays.ZoneDays days = h.days();
        long dayStart = days.startOf(day);
        long end = days.endOf(day);
        long start28 = days.startOf(day - 27);
        long start30 = days.startOf(day - 29);
        long start56 = days.startOf(day - 55);
        int startDay = days.of(h.startedAt());

        // what did not change with the running totals is shared: the row's identity and status, the cadence
        // ratios (from the counts below), the paused days and the trend's slope
        MatchDay d = EngagementCalculator.dayOf(h, day);
        contact(h, d, day, days, end, startDay);
        meetings(h, d, days, dayStart, end, start28, start56, startDay);
        messages(h, d, dayStart, end, start56);
        reliability(h, d, end, start56);
        EngagementCalculator.cadence(h, d, day, end, startDay, defaultMeetingEveryDays);
        agreedMessaging(h, d, day, days, end, start28, startDay);
        feedbackAndGoals(h, d, day, days, end);
        cohortAndSurveys(h, d, end);
        d.outreach30d = countBetween(h.outreach, start30, end);
        d.resourcesShared56d = countBetween(h.resources, start56, end);
        d.silentDaysForRisk = d.daysSinceTwoWayContact
                - EngagementCalculator.pausedDays(h, days, day - d.daysSinceTwoWayContact, day);
        return d;
    }

    private static void contact(MatchHistory h, MatchDay d, int day, LocalDays.ZoneDays days, long end, int startDay) {
        Facts c = new Facts(h);
        long last = c.lastContactBefore(end);
        d.lastTwoWayContact = last == Long.MIN_VALUE ? null : last;
        int fromDay = last == Long.MIN_VALUE ? startDay : days.of(last);
        d.daysSinceTwoWayContact = Math.max(0, day - fromDay);

        // contact days are sorted and distinct; a local day never goes backwards as time does
        int[] contactDays = c.contactDays(days);
        int upTo = countAtMost(contactDays, day);
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
        d.contactTrend6w = day - startDay >= 41 ? EngagementCalculator.slope(perWeek) : null;
    }

    private static void meetings(MatchHistory h, MatchDay d, LocalDays.ZoneDays days, long dayStart, long end,
            long start28, long start56, int startDay) {
        ZoneId mentorZone = h.mentorZone();
        ZoneId menteeZone = h.menteeZone();
        boolean[] offMentorFlags = mentorZone == null ? null : offHours(h.meetings, mentorZone);
        boolean[] offMenteeFlags = menteeZone == null ? null : offHours(h.meetings, menteeZone);
        int total = 0;
        int offMentor = 0;
        int offMentee = 0;
        for (MeetingHeld m : h.meetings) {
            if (m.time >= end) {
                break;
            }
            total++;
            if (total == 1) {
                d.firstMeetingHeld = true;
                d.daysToFirstMeeting = Math.max(0, days.of(m.time) - startDay);
            }
            if (m.time >= dayStart) {
                d.meetingsHeld++;
                d.meetingMinutes += (int) Math.max(0, (m.endedAt - m.startedAt) / 60_000L);
                d.countContact(m.channel);
            }
            if (m.time >= start28) {
                d.meetingsHeld28d++;
            }
            if (m.time >= start56) {
                d.meetingsHeld56d++;
                if (m.connectionIssues) {
                    d.connectionIssues56d++;
                }
            }
            if (offMentorFlags != null && offMentorFlags[total - 1]) {
                offMentor++;
            }
            if (offMenteeFlags != null && offMenteeFlags[total - 1]) {
                offMentee++;
            }
        }
        if (total > 0) {
            d.offHoursShareMentor = mentorZone == null ? null : offMentor / (double) total;
            d.offHoursShareMentee = menteeZone == null ? null : offMentee / (double) total;
        }
    }

    /** Whether each held meeting started outside 08:00-20:00 in the zone. */
    private static boolean[] offHours(List<MeetingHeld> meetings, ZoneId zone) {
        boolean[] flags = new boolean[meetings.size()];
        for (int i = 0; i < flags.length; i++) {
            int hour = LocalDays.hourOf(meetings.get(i).startedAt, zone);
            flags[i] = hour < 8 || hour >= 20;
        }
        return flags;
    }

    private static void messages(MatchHistory h, MatchDay d, long dayStart, long end, long start56) {
        Facts c = new Facts(h);
        List<Message> messages = h.messages;
        List<Long> mentorDelays = new ArrayList<>();
        List<Long> menteeDelays = new ArrayList<>();
        int judged = 0;
        int unanswered = 0;
        int started = 0;
        int startedByMentee = 0;
        int from = MatchHistory.firstAtOrAfter(messages, start56);
        for (int i = from; i < messages.size(); i++) {
            Message m = messages.get(i);
            if (m.time >= end) {
                break;
            }
            Role role = h.roleOf(m.senderId);
            if (m.time >= dayStart) {
                if (role == Role.mentor) {
                    d.messagesFromMentor++;
                } else if (role == Role.mentee) {
                    d.messagesFromMentee++;
                }
                d.countContact(m.channel);
            }
            if (c.isAnswer[i]) {
                (role == Role.mentee ? menteeDelays : mentorDelays).add(c.answerDelayMs[i]);
            }
            if (m.time + Conversation.ANSWER_WINDOW_MS < end) {
                judged++;
                if (!c.answeredInTime[i]) {
                    unanswered++;
                }
            }
            if (c.startsThread[i] && role != Role.other) {
                started++;
                startedByMentee += role == Role.mentee ? 1 : 0;
            }
        }
        d.medianAnswerHoursMentor = medianHours(mentorDelays);
        d.medianAnswerHoursMentee = medianHours(menteeDelays);
        d.unansweredShare56d = judged == 0 ? null : unanswered / (double) judged;

        for (int i = MatchHistory.firstAtOrAfter(h.schedulings, start56); i < h.schedulings.size(); i++) {
            Scheduling s = h.schedulings.get(i);
            if (s.time >= end) {
                break;
            }
            Role role = h.roleOf(s.organizerId);
            if (role != Role.other) {
                started++;
                startedByMentee += role == Role.mentee ? 1 : 0;
            }
        }
        d.menteeInitiativeShare56d = started == 0 ? null : startedByMentee / (double) started;
    }

    private static Double medianHours(List<Long> delays) {
        if (delays.isEmpty()) {
            return null;
        }
        Collections.sort(delays);
        int n = delays.size();
        double median = n % 2 == 1 ? delays.get(n / 2) : (delays.get(n / 2 - 1) + delays.get(n / 2)) / 2.0;
        return median / HOUR_MS;
    }

    private static void reliability(MatchHistory h, MatchDay d, long end, long start56) {
        Map<String, Long> plannedStart = new HashMap<>();
        for (Scheduling s : h.schedulings) {
            if (s.time >= end) {
                break;
            }
            Long before = plannedStart.put(s.meetingId, s.plannedStart);
            if (s.time >= start56) {
                d.meetingsScheduled56d++;
                if (before != null && before != s.plannedStart) {
                    d.reschedules56d++;
                }
            }
        }
        for (int i = MatchHistory.firstAtOrAfter(h.cancellations, start56); i < h.cancellations.size(); i++) {
            Cancellation c = h.cancellations.get(i);
            if (c.time >= end) {
                break;
            }
            d.cancellations56d++;
            Double notice = c.noticeHours;
            if (notice == null && plannedStart.containsKey(c.meetingId)) {
                notice = (plannedStart.get(c.meetingId) - c.time) / (double) HOUR_MS;
            }
            if (notice != null && notice < 24) {
                d.lateCancellations56d++;
            }
        }
        d.noShows56d = countBetween(h.noShows, start56, end);
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
        int previousDay = Integer.MIN_VALUE;
        int contacts = 0;
        int onPreferred = 0;
        List<Message> messages = h.messages;
        for (int i = MatchHistory.firstAtOrAfter(messages, start28);
                i < messages.size() && messages.get(i).time < end; i++) {
            Message m = messages.get(i);
            int messageDay = days.of(m.time);
            if (messageDay != previousDay) {
                d.messageDays28d++;
                previousDay = messageDay;
            }
            contacts++;
            onPreferred += agreement.preferredChannels.contains(m.channel) ? 1 : 0;
        }
        List<MeetingHeld> meetings = h.meetings;
        for (int i = MatchHistory.firstAtOrAfter(meetings, start28);
                i < meetings.size() && meetings.get(i).time < end; i++) {
            contacts++;
            onPreferred += agreement.preferredChannels.contains(meetings.get(i).channel) ? 1 : 0;
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
        Feedback latest = null;
        Feedback previous = null;
        for (Feedback f : h.feedback) {
            if (f.time >= end) {
                break;
            }
            previous = latest;
            latest = f;
        }
        if (latest != null) {
            d.latestSatisfaction = latest.satisfaction;
            d.feedbackInstrument = latest.instrument == null ? "" : latest.instrument;
            d.feedbackScores = new TreeMap<>(latest.scores);
            d.satisfactionTrend = previous == null ? null : (double) (latest.satisfaction - previous.satisfaction);
        }
        Set<String> set = new HashSet<>();
        Set<String> progressed = new HashSet<>();
        Set<String> achieved = new HashSet<>();
        long lastProgress = Long.MIN_VALUE;
        for (GoalChange g : h.goals) {
            if (g.time >= end) {
                break;
            }
            set.add(g.goalId);
            if ("progress".equals(g.status) || "achieved".equals(g.status)) {
                progressed.add(g.goalId);
                lastProgress = g.time;
            }
            if ("achieved".equals(g.status)) {
                achieved.add(g.goalId);
            }
        }
        d.goalsSet = set.size();
        d.goalsProgressed = progressed.size();
        d.goalsAchieved = achieved.size();
        d.daysSinceGoalProgress = lastProgress == Long.MIN_VALUE ? null : day - days.of(lastProgress);
    }

    private static void cohortAndSurveys(MatchHistory h, MatchDay d, long end) {
        // each participant's latest report on each session before the end of the day
        Map<String, SessionAttendance> latest = new HashMap<>();
        for (SessionAttendance s : h.sessions) {
            if (s.time < end) {
                latest.put(s.participantId + "/" + s.sessionId, s);
            }
        }
        for (SessionAttendance s : latest.values()) {
            if (h.roleOf(s.participantId) == Role.other) {
                continue;
            }
            if (!s.attended) {
                d.cohortSessionsMissed++;
                continue;
            }
            switch (String.valueOf(s.kind)) {
                case "kickoff" -> d.kickoffAttended++;
                case "midpoint" -> d.midpointAttended++;
                case "closure" -> d.closureAttended++;
                default -> { }
            }
        }
        // each response answers the oldest open survey of the same recipient and instrument sent before it
        List<SurveySent> open = new ArrayList<>();
        for (SurveySent s : h.surveys) {
            if (s.time >= end) {
                break;
            }
            d.surveysSent++;
            open.add(s);
        }
        for (Feedback f : h.feedback) {
            if (f.time >= end) {
                break;
            }
            for (int i = 0; i < open.size(); i++) {
                SurveySent s = open.get(i);
                if (s.time <= f.time && same(s.recipientId, f.respondentId) && same(s.instrument, f.instrument)) {
                    d.surveysAnswered++;
                    open.remove(i);
                    break;
                }
            }
        }
        d.surveyResponseRate = d.surveysSent == 0 ? null : d.surveysAnswered / (double) d.surveysSent;
    }

    private static boolean same(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    /** How many of a sorted list's facts happened in [from, end). */
    private static int countBetween(List<? extends Fact> list, long from, long end) {
        int count = 0;
        for (int i = MatchHistory.firstAtOrAfter(list, from); i < list.size() && list.get(i).time() < end; i++) {
            count++;
        }
        return count;
    }

    private static int countAtMost(int[] sorted, int max) {
        int at = Arrays.binarySearch(sorted, max);
        return at >= 0 ? at + 1 : -at - 1;
    }

    /** What the messages and meetings say about the conversation, worked out in the plain way (SPEC section 4). */
    private static final class Facts {
        final long[] contactTimes;
        final boolean[] isAnswer;
        final long[] answerDelayMs;
        final boolean[] answeredInTime;
        final boolean[] startsThread;

        Facts(MatchHistory history) {
            long window = Conversation.ANSWER_WINDOW_MS;
            List<Message> messages = history.messages;
            int n = messages.size();
            isAnswer = new boolean[n];
            answerDelayMs = new long[n];
            answeredInTime = new boolean[n];
            startsThread = new boolean[n];
            int runStart = 0;
            Set<String> threadsSeen = new HashSet<>();
            for (int i = 0; i < n; i++) {
                Message m = messages.get(i);
                if (i > 0) {
                    Message previous = messages.get(i - 1);
                    boolean otherSender = !same(previous.senderId, m.senderId);
                    if (otherSender && m.time - previous.time <= window) {
                        isAnswer[i] = true;
                        int first = runStart;
                        while (m.time - messages.get(first).time > window) {
                            first++;
                        }
                        answerDelayMs[i] = m.time - messages.get(first).time;
                    }
                    if (otherSender) {
                        runStart = i;
                    }
                }
                if (m.threadId != null) {
                    startsThread[i] = threadsSeen.add(m.threadId);
                } else {
                    startsThread[i] = i == 0 || m.time - messages.get(i - 1).time > window;
                }
            }
            Map<String, Long> nextBySender = new HashMap<>();
            for (int i = n - 1; i >= 0; i--) {
                Message m = messages.get(i);
                long nextOther = Long.MAX_VALUE;
                for (Map.Entry<String, Long> e : nextBySender.entrySet()) {
                    if (!same(e.getKey(), m.senderId)) {
                        nextOther = Math.min(nextOther, e.getValue());
                    }
                }
                answeredInTime[i] = nextOther != Long.MAX_VALUE && nextOther - m.time <= window;
                // a message without a sender is one sender, as the forward pass has it (this used to key it as "null")
                nextBySender.put(m.senderId, m.time);
            }
            List<Long> contacts = new ArrayList<>();
            for (MeetingHeld meeting : history.meetings) {
                contacts.add(meeting.time);
            }
            for (int i = 0; i < n; i++) {
                if (isAnswer[i]) {
                    contacts.add(messages.get(i).time);
                }
            }
            Collections.sort(contacts);
            contactTimes = contacts.stream().mapToLong(Long::longValue).toArray();
        }

        int[] contactDays(LocalDays.ZoneDays days) {
            List<Integer> distinct = new ArrayList<>();
            for (long t : contactTimes) {
                int day = days.of(t);
                if (distinct.isEmpty() || distinct.get(distinct.size() - 1) != day) {
                    distinct.add(day);
                }
            }
            return distinct.stream().mapToInt(Integer::intValue).toArray();
        }

        long lastContactBefore(long end) {
            long last = Long.MIN_VALUE;
            for (long t : contactTimes) {
                if (t < end) {
                    last = t;
                }
            }
            return last;
        }
    }
}
