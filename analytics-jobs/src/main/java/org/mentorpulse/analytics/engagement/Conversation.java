package org.mentorpulse.analytics.engagement;

import java.time.ZoneId;
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
 * pass (and cached by {@link MatchHistory} until a message or meeting is added).
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
    /** per zone, whether each held meeting started outside 08:00-20:00 there; computed on demand */
    private final Map<ZoneId, boolean[]> offHours = new HashMap<>(4);
    final boolean[] isAnswer;
    final long[] answerDelayMs;
    final boolean[] answeredInTime;
    final boolean[] startsThread;

    Conversation(MatchHistory history) {
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
                if (otherSender && m.time - previous.time <= ANSWER_WINDOW_MS) {
                    isAnswer[i] = true;
                    int first = runStart;
                    while (m.time - messages.get(first).time > ANSWER_WINDOW_MS) {
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
                startsThread[i] = i == 0 || m.time - messages.get(i - 1).time > ANSWER_WINDOW_MS;
            }
        }

        // backwards: the earliest later message of each sender, to tell whether the other party wrote in time
        Map<String, Long> nextBySender = new HashMap<>();
        for (int i = n - 1; i >= 0; i--) {
            Message m = messages.get(i);
            long nextOther = Long.MAX_VALUE;
            for (Map.Entry<String, Long> e : nextBySender.entrySet()) {
                if (!same(e.getKey(), m.senderId)) {
                    nextOther = Math.min(nextOther, e.getValue());
                }
            }
            answeredInTime[i] = nextOther != Long.MAX_VALUE && nextOther - m.time <= ANSWER_WINDOW_MS;
            nextBySender.put(String.valueOf(m.senderId), m.time);
        }

        meetings = history.meetings;
        long[] contacts = new long[meetings.size() + n];
        int k = 0;
        for (MeetingHeld meeting : meetings) {
            contacts[k++] = meeting.time;
        }
        for (int i = 0; i < n; i++) {
            if (isAnswer[i]) {
                contacts[k++] = messages.get(i).time;
            }
        }
        contactTimes = Arrays.copyOf(contacts, k);
        Arrays.sort(contactTimes);
    }

    /** The distinct local days with two-way contact, in the zone given (cached for the last zone asked). */
    int[] contactDays(ZoneId zone) {
        if (contactDays == null || !zone.equals(daysZone)) {
            int[] days = new int[contactTimes.length];
            int n = 0;
            for (long t : contactTimes) {
                int day = LocalDays.of(t, zone);
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

    /** Whether each held meeting (in the history's order) started outside 08:00-20:00 in the zone. */
    boolean[] offHours(ZoneId zone) {
        return offHours.computeIfAbsent(zone, z -> {
            boolean[] flags = new boolean[meetings.size()];
            for (int i = 0; i < flags.length; i++) {
                int hour = LocalDays.hourOf(meetings.get(i).startedAt, z);
                flags[i] = hour < OFF_HOURS_UNTIL || hour >= OFF_HOURS_FROM;
            }
            return flags;
        });
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
        int at = Arrays.binarySearch(contactTimes, end);
        int index = (at >= 0 ? firstIndexOf(at) : -at - 1) - 1;
        return index >= 0 ? contactTimes[index] : Long.MIN_VALUE;
    }

    private int firstIndexOf(int found) {
        int i = found;
        while (i > 0 && contactTimes[i - 1] == contactTimes[found]) {
            i--;
        }
        return i;
    }
}
