package org.mentorpulse.analytics.engagement;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mentorpulse.analytics.engagement.MatchHistory.MeetingHeld;
import org.mentorpulse.analytics.engagement.MatchHistory.Message;

/**
 * What a match's messages and meetings say about its conversation, derived from the sorted history in one
 * pass (and cached by {@link MatchHistory} until a message, a meeting or the match's creation is added).
 *
 * <p>Besides the per-message facts it keeps running totals ("...UpTo" arrays: entry {@code i} counts the first
 * {@code i} messages or meetings), so that a day's windows cost a few binary searches over the sorted times
 * instead of a pass over the history.
 *
 * <p>Definitions (SPEC section 4):
 * <ul>
 *   <li>An <b>answer</b> is a message whose sender differs from the previous message's sender and that comes
 *       within {@link #ANSWER_WINDOW_MS} of it. A message weeks after the other party's starts a new
 *       conversation rather than answering.</li>
 *   <li>Its <b>delay</b> runs from the earliest message of the other party's run that is still within the
 *       window: the question that waited longest.</li>
 *   <li>A message is <b>unanswered</b> if the other party wrote nothing within the window after it.</li>
 *   <li>A <b>thread start</b> is the first message of a thread id, or, without thread ids, a message after
 *       more than the window of silence.</li>
 *   <li><b>Two-way contact</b> is a meeting held or an answer.</li>
 * </ul>
 */
public final class Conversation {
    /** SPEC 4 counts a message as unanswered after 7 days. */
    public static final long ANSWER_WINDOW_MS = 7L * 24 * 3600 * 1000;
    /** SPEC 4: off-hours are before 08:00 and from 20:00, local time */
    static final int OFF_HOURS_UNTIL = 8;
    static final int OFF_HOURS_FROM = 20;

    final long[] contactTimes;
    /** the local days of {@link #contactTimes} in {@link #daysZone}, sorted and distinct; computed on demand */
    private int[] contactDays;
    private ZoneId daysZone;
    private final List<MeetingHeld> meetings;
    private final List<Message> messages;
    final boolean[] isAnswer;
    final long[] answerDelayMs;
    final boolean[] answeredInTime;
    final boolean[] startsThread;

    /** the messages' and meetings' event times, in the history's order */
    final long[] messageTimes;
    final long[] meetingTimes;
    /** each message's sender as a role of the match (roles are known when this is built: see MatchHistory) */
    final MatchHistory.Role[] senderRoles;
    final int[] fromMentorUpTo;
    final int[] fromMenteeUpTo;
    /** messages the other party did not answer within the window */
    final int[] unansweredUpTo;
    /** thread starts by the mentor or the mentee, and those by the mentee */
    final int[] threadStartsUpTo;
    final int[] menteeThreadStartsUpTo;
    final int[] connectionIssuesUpTo;
    /** per zone, how many of the first i held meetings started outside 08:00-20:00 there; computed on demand */
    private final Map<ZoneId, int[]> offHoursUpTo = new HashMap<>(4);
    /** per channel, messages and meetings on it; computed on demand */
    private Map<String, int[]> messagesOnChannelUpTo;
    private Map<String, int[]> meetingsOnChannelUpTo;
    /** how many of the first i messages were the first of their local day in {@link #messageDaysZone} */
    private int[] newMessageDaysUpTo;
    private ZoneId messageDaysZone;

    Conversation(MatchHistory history) {
        messages = history.messages;
        meetings = history.meetings;
        int n = messages.size();
        isAnswer = new boolean[n];
        answerDelayMs = new long[n];
        answeredInTime = new boolean[n];
        startsThread = new boolean[n];
        messageTimes = new long[n];
        senderRoles = new MatchHistory.Role[n];

        // a match has a handful of senders: numbered, "another sender" is an int comparison, and each sender's
        // role is looked up once
        List<String> senders = new ArrayList<>(4);
        int[] senderOf = new int[n];
        for (int i = 0; i < n; i++) {
            Message m = messages.get(i);
            messageTimes[i] = m.time;
            int sender = indexOf(senders, m.senderId);
            if (sender < 0) {
                sender = senders.size();
                senders.add(m.senderId);
            }
            senderOf[i] = sender;
        }
        MatchHistory.Role[] roles = new MatchHistory.Role[senders.size()];
        for (int k = 0; k < roles.length; k++) {
            roles[k] = history.roleOf(senders.get(k));
        }

        int runStart = 0;
        Set<String> threadsSeen = null;
        for (int i = 0; i < n; i++) {
            long time = messageTimes[i];
            senderRoles[i] = roles[senderOf[i]];
            if (i > 0) {
                boolean otherSender = senderOf[i - 1] != senderOf[i];
                if (otherSender && time - messageTimes[i - 1] <= ANSWER_WINDOW_MS) {
                    isAnswer[i] = true;
                    int first = runStart;
                    while (time - messageTimes[first] > ANSWER_WINDOW_MS) {
                        first++;
                    }
                    answerDelayMs[i] = time - messageTimes[first];
                }
                if (otherSender) {
                    runStart = i;
                }
            }
            String thread = messages.get(i).threadId;
            if (thread != null) {
                if (threadsSeen == null) {
                    threadsSeen = new HashSet<>();
                }
                startsThread[i] = threadsSeen.add(thread);
            } else {
                startsThread[i] = i == 0 || time - messageTimes[i - 1] > ANSWER_WINDOW_MS;
            }
        }

        // backwards: each sender's earliest later message, to tell whether another sender wrote in time
        long[] nextBySender = new long[senders.size()];
        Arrays.fill(nextBySender, Long.MAX_VALUE);
        for (int i = n - 1; i >= 0; i--) {
            long nextOther = Long.MAX_VALUE;
            for (int k = 0; k < nextBySender.length; k++) {
                if (k != senderOf[i]) {
                    nextOther = Math.min(nextOther, nextBySender[k]);
                }
            }
            answeredInTime[i] = nextOther != Long.MAX_VALUE && nextOther - messageTimes[i] <= ANSWER_WINDOW_MS;
            nextBySender[senderOf[i]] = messageTimes[i];
        }

        fromMentorUpTo = new int[n + 1];
        fromMenteeUpTo = new int[n + 1];
        unansweredUpTo = new int[n + 1];
        threadStartsUpTo = new int[n + 1];
        menteeThreadStartsUpTo = new int[n + 1];
        int answers = 0;
        for (int i = 0; i < n; i++) {
            MatchHistory.Role role = senderRoles[i];
            fromMentorUpTo[i + 1] = fromMentorUpTo[i] + (role == MatchHistory.Role.mentor ? 1 : 0);
            fromMenteeUpTo[i + 1] = fromMenteeUpTo[i] + (role == MatchHistory.Role.mentee ? 1 : 0);
            unansweredUpTo[i + 1] = unansweredUpTo[i] + (answeredInTime[i] ? 0 : 1);
            boolean started = startsThread[i] && role != MatchHistory.Role.other;
            threadStartsUpTo[i + 1] = threadStartsUpTo[i] + (started ? 1 : 0);
            menteeThreadStartsUpTo[i + 1] = menteeThreadStartsUpTo[i]
                    + (started && role == MatchHistory.Role.mentee ? 1 : 0);
            answers += isAnswer[i] ? 1 : 0;
        }

        int m = meetings.size();
        meetingTimes = new long[m];
        connectionIssuesUpTo = new int[m + 1];
        for (int i = 0; i < m; i++) {
            MeetingHeld meeting = meetings.get(i);
            meetingTimes[i] = meeting.time;
            connectionIssuesUpTo[i + 1] = connectionIssuesUpTo[i] + (meeting.connectionIssues ? 1 : 0);
        }

        // two-way contacts: the meetings and the answers, both already sorted, merged
        contactTimes = new long[m + answers];
        int k = 0;
        int j = 0;
        for (int i = 0; i < n; i++) {
            if (isAnswer[i]) {
                while (j < m && meetingTimes[j] <= messageTimes[i]) {
                    contactTimes[k++] = meetingTimes[j++];
                }
                contactTimes[k++] = messageTimes[i];
            }
        }
        while (j < m) {
            contactTimes[k++] = meetingTimes[j++];
        }
    }

    private static int indexOf(List<String> senders, String sender) {
        for (int k = 0; k < senders.size(); k++) {
            if (same(senders.get(k), sender)) {
                return k;
            }
        }
        return -1;
    }

    /** The distinct local days with two-way contact, in the zone given (cached for the last zone asked). */
    int[] contactDays(ZoneId zone) {
        if (contactDays == null || !zone.equals(daysZone)) {
            LocalDays.ZoneDays localDays = LocalDays.in(zone);
            int[] days = new int[contactTimes.length];
            int n = 0;
            for (long t : contactTimes) {
                int day = localDays.of(t);
                if (n == 0 || days[n - 1] != day) {
                    days[n++] = day;
                }
            }
            contactDays = Arrays.copyOf(days, n);
            daysZone = zone;
        }
        return contactDays;
    }

    /** How many local days from {@code fromDay} to {@code toDay} (both included) had two-way contact. */
    public int contactDaysBetween(ZoneId zone, int fromDay, int toDay) {
        int[] days = contactDays(zone);
        return countAtMost(days, toDay) - countAtMost(days, fromDay - 1);
    }

    /** How many of the first i held meetings (in the history's order) started outside 08:00-20:00 in the zone. */
    int[] offHoursUpTo(ZoneId zone) {
        return offHoursUpTo.computeIfAbsent(zone, z -> {
            int[] upTo = new int[meetings.size() + 1];
            for (int i = 0; i < meetings.size(); i++) {
                int hour = LocalDays.hourOf(meetings.get(i).startedAt, z);
                upTo[i + 1] = upTo[i] + (hour < OFF_HOURS_UNTIL || hour >= OFF_HOURS_FROM ? 1 : 0);
            }
            return upTo;
        });
    }

    /** How many distinct local days (of {@code days}) messages {@code from} (inclusive) to {@code to} fell on. */
    int messageDays(LocalDays.ZoneDays days, int from, int to) {
        if (to <= from) {
            return 0;
        }
        if (newMessageDaysUpTo == null || !days.zone().equals(messageDaysZone)) {
            int n = messageTimes.length;
            int[] upTo = new int[n + 1];
            int previous = 0;
            for (int i = 0; i < n; i++) {
                int day = days.of(messageTimes[i]);
                upTo[i + 1] = upTo[i] + (i == 0 || day != previous ? 1 : 0);
                previous = day;
            }
            newMessageDaysUpTo = upTo;
            messageDaysZone = days.zone();
        }
        // times are sorted, so local days never go backwards: the first message of the range opens a day
        return 1 + newMessageDaysUpTo[to] - newMessageDaysUpTo[from + 1];
    }

    /** Running counts of messages on {@code channel}. */
    int[] messagesOnChannelUpTo(String channel) {
        if (messagesOnChannelUpTo == null) {
            List<String> channels = new ArrayList<>(messageTimes.length);
            for (int i = 0; i < messageTimes.length; i++) {
                channels.add(messages.get(i).channel);
            }
            messagesOnChannelUpTo = upToByValue(channels);
        }
        return messagesOnChannelUpTo.get(channel);
    }

    /** Running counts of held meetings on {@code channel}. */
    int[] meetingsOnChannelUpTo(String channel) {
        if (meetingsOnChannelUpTo == null) {
            List<String> channels = new ArrayList<>(meetingTimes.length);
            for (MeetingHeld meeting : meetings) {
                channels.add(meeting.channel);
            }
            meetingsOnChannelUpTo = upToByValue(channels);
        }
        return meetingsOnChannelUpTo.get(channel);
    }

    /** For each value (null included), how many of the first i items had it. */
    private static Map<String, int[]> upToByValue(List<String> values) {
        Map<String, int[]> upTo = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            upTo.computeIfAbsent(values.get(i), v -> new int[values.size() + 1])[i + 1] = 1;
        }
        for (int[] counts : upTo.values()) {
            for (int i = 1; i < counts.length; i++) {
                counts[i] += counts[i - 1];
            }
        }
        return upTo;
    }

    /** How many of the sorted values are at most {@code max}. */
    static int countAtMost(int[] sorted, int max) {
        int at = Arrays.binarySearch(sorted, max);
        return at >= 0 ? at + 1 : -at - 1;
    }

    private static boolean same(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    /** The latest two-way contact before {@code end} (exclusive); Long.MIN_VALUE if none. */
    long lastContactBefore(long end) {
        int before = MatchHistory.firstAtOrAfter(contactTimes, end);
        return before > 0 ? contactTimes[before - 1] : Long.MIN_VALUE;
    }
}
