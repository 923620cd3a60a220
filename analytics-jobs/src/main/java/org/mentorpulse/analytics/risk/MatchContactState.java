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
    /** epoch millis of the latest two-way contact; Long.MIN_VALUE when there was none */
    public long lastTwoWayContact = Long.MIN_VALUE;
    public String lastMessageSender;
    public long lastMessageTime = Long.MIN_VALUE;
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
        lastTwoWayContact = Math.max(lastTwoWayContact, time);
    }

    public boolean isKnown() {
        return knownSince != Long.MIN_VALUE;
    }

    /** Whole days from the last two-way contact (or from the start, if there was none) to the given day. */
    public int daysSinceTwoWayContact(LocalDate day) {
        long reference = lastTwoWayContact != Long.MIN_VALUE ? lastTwoWayContact : knownSince;
        LocalDate from = Instant.ofEpochMilli(reference).atZone(ZoneOffset.UTC).toLocalDate();
        return (int) Math.max(0, day.toEpochDay() - from.toEpochDay());
    }

    public MatchRiskRow evaluate(LocalDate day, StallPolicy policy) {
        int days = daysSinceTwoWayContact(day);
        MatchRiskRow row = new MatchRiskRow();
        row.matchId = matchId;
        row.day = (int) day.toEpochDay();
        row.programId = programId == null ? "" : programId;
        row.cohortId = cohortId == null ? "" : cohortId;
        row.lastTwoWayContact = lastTwoWayContact == Long.MIN_VALUE ? null : lastTwoWayContact;
        row.daysSinceTwoWayContact = days;
        row.stallThresholdDays = policy.thresholdDays();
        row.score = policy.score(days);
        row.level = policy.level(days).name();
        row.overdueRatio = policy.overdueRatio(days);
        row.version = eventsSeen;
        return row;
    }
}
