package org.mentorpulse.analytics.risk;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.mentorpulse.analytics.event.InteractionEvent;

/**
 * What is known about one match's contact, updated event by event. Plain Java (and a Flink POJO so it can be
 * kept in keyed state); the Flink function only decides when to call it.
 *
 * <p>Two-way contact (SPEC 4) is a meeting held, or a message answered by the other party: a message whose
 * sender differs from the previous message's sender, sent within {@link #ANSWER_WINDOW_MS} of it. A message
 * weeks after the other party's last one starts a new conversation rather than answering. Days are UTC days for now; participants' local days
 * arrive with their time zones.
 */
public class MatchContactState {
    /** SPEC 4 counts a message as unanswered after 7 days. */
    public static final long ANSWER_WINDOW_MS = 7L * 24 * 3600 * 1000;
    public String matchId;
    public String programId;
    public String cohortId;
    public String mentorId;
    public String menteeId;
    /** when the match became known: its creation, or its first event if that came first */
    public long knownSince = Long.MIN_VALUE;
    /**
     * Epoch millis of every two-way contact, sorted. Keeping them (rather than only the latest) lets any day be
     * evaluated exactly, even after contact that happened later arrived first. At most a few hundred per
     * match over a program; compacting to one per day is possible if that ever matters.
     */
    public long[] contacts = new long[0];
    public String lastMessageSender;
    public long lastMessageTime = Long.MIN_VALUE;
    /** when the match ended (completed or closed early), by its latest status change; MIN_VALUE while active */
    public long endedAt = Long.MIN_VALUE;
    /** event time of the latest status change applied, so a late, older status change cannot override it */
    public long lastStatusChange = Long.MIN_VALUE;
    /** grows with every event, so a recomputed row for a day outranks the earlier one in ClickHouse */
    public long eventsSeen;

    public MatchContactState() {}

    public void apply(InteractionEvent e) {
        eventsSeen++;
        if (matchId == null) {
            matchId = e.matchId;
        }
        if (e.programId != null) {
            programId = e.programId;
        }
        if (e.cohortId != null) {
            cohortId = e.cohortId;
        }
        if (e.isMatchCreated()) {
            mentorId = e.mentorId;
            menteeId = e.menteeId;
            knownSince = knownSince == Long.MIN_VALUE ? e.eventTime : Math.min(knownSince, e.eventTime);
            return;
        }
        if (knownSince == Long.MIN_VALUE) {
            knownSince = e.eventTime;
        }
        if (e.isMatchStatusChange()) {
            if (e.eventTime >= lastStatusChange) {
                lastStatusChange = e.eventTime;
                endedAt = e.isMatchEnd() ? e.eventTime : Long.MIN_VALUE;
            }
            return;
        }
        if (e.isMeetingHeld()) {
            recordTwoWayContact(e.eventTime);
        } else if (e.isMessage() && e.actorId != null) {
            boolean answersTheOtherParty = lastMessageSender != null && !lastMessageSender.equals(e.actorId)
                    && e.eventTime - lastMessageTime <= ANSWER_WINDOW_MS;
            // Only a later message can answer an earlier one; a message that arrives late but was sent before
            // the last one we saw does not change who spoke last.
            if (e.eventTime >= lastMessageTime) {
                if (answersTheOtherParty) {
                    recordTwoWayContact(e.eventTime);
                }
                lastMessageSender = e.actorId;
                lastMessageTime = e.eventTime;
            }
        }
    }

    private void recordTwoWayContact(long time) {
        int at = java.util.Arrays.binarySearch(contacts, time);
        if (at >= 0) {
            return;
        }
        int insert = -at - 1;
        long[] grown = new long[contacts.length + 1];
        System.arraycopy(contacts, 0, grown, 0, insert);
        grown[insert] = time;
        System.arraycopy(contacts, insert, grown, insert + 1, contacts.length - insert);
        contacts = grown;
    }

    /** The latest two-way contact at or before the given instant; Long.MIN_VALUE if none. */
    public long lastTwoWayContactAtOrBefore(long time) {
        int at = java.util.Arrays.binarySearch(contacts, time);
        int index = at >= 0 ? at : -at - 2;
        return index >= 0 ? contacts[index] : Long.MIN_VALUE;
    }

    public long lastTwoWayContact() {
        return contacts.length == 0 ? Long.MIN_VALUE : contacts[contacts.length - 1];
    }

    public boolean isKnown() {
        return knownSince != Long.MIN_VALUE;
    }

    private static long endOf(LocalDate day) {
        return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() - 1;
    }

    /**
     * Whole days from the last two-way contact on or before the given day (or from the start, if there was
     * none) to that day.
     */
    public int daysSinceTwoWayContact(LocalDate day) {
        long last = lastTwoWayContactAtOrBefore(endOf(day));
        long reference = last != Long.MIN_VALUE ? last : knownSince;
        LocalDate from = Instant.ofEpochMilli(reference).atZone(ZoneOffset.UTC).toLocalDate();
        return (int) Math.max(0, day.toEpochDay() - from.toEpochDay());
    }

    public boolean hasEnded() {
        return endedAt != Long.MIN_VALUE;
    }

    /** True if the match had ended by the end of the given day. */
    public boolean endedBy(LocalDate day) {
        return hasEnded() && endedAt <= endOf(day);
    }

    public MatchRiskRow evaluate(LocalDate day, StallPolicy policy) {
        int days = daysSinceTwoWayContact(day);
        long last = lastTwoWayContactAtOrBefore(endOf(day));
        MatchRiskRow row = new MatchRiskRow();
        row.matchId = matchId;
        row.day = (int) day.toEpochDay();
        row.programId = programId == null ? "" : programId;
        row.cohortId = cohortId == null ? "" : cohortId;
        row.lastTwoWayContact = last == Long.MIN_VALUE ? null : last;
        row.daysSinceTwoWayContact = days;
        row.stallThresholdDays = policy.thresholdDays();
        row.score = policy.score(days);
        row.level = policy.level(days).name();
        if (endedBy(day)) {
            // an ended match is not at risk any more; its last silence stays visible in the other columns
            row.level = RiskLevel.ended.name();
            row.score = 0;
        }
        row.overdueRatio = policy.overdueRatio(days);
        row.version = eventsSeen;
        return row;
    }
}
