package org.mentorpulse.analytics.testing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.mentorpulse.analytics.event.InteractionEvent;
import org.mentorpulse.schema.EventTypes;

/**
 * Test events for match m-1 between "mentor" and "mentee" in program "prog", cohort "c-1". Days count from
 * Monday 2026-03-02 00:00 UTC.
 */
public final class Events {
    public static final Instant DAY0 = Instant.parse("2026-03-02T00:00:00Z");
    public static final String MATCH = "m-1";
    private static int counter;

    private Events() {}

    public static Instant at(int day, int hour) {
        return DAY0.plusSeconds(day * 86_400L + hour * 3_600L);
    }

    public static Instant at(int day, int hour, int minute) {
        return at(day, hour).plusSeconds(minute * 60L);
    }

    private static InteractionEvent base(String type, Instant time) {
        InteractionEvent e = new InteractionEvent();
        e.source = "test";
        e.id = "e-" + (++counter);
        e.type = type;
        e.matchId = MATCH;
        e.eventTime = time.toEpochMilli();
        e.receivedTime = time.toEpochMilli();
        return e;
    }

    public static InteractionEvent forMatch(String matchId, InteractionEvent e) {
        e.matchId = matchId;
        return e;
    }

    public static InteractionEvent created(Instant time) {
        InteractionEvent e = base(EventTypes.MATCH_CREATED, time);
        e.programId = "prog";
        e.cohortId = "c-1";
        e.mentorId = "mentor";
        e.menteeId = "mentee";
        return e;
    }

    public static InteractionEvent agreement(int meetingEveryDays, Instant time) {
        InteractionEvent e = base(EventTypes.AGREEMENT_SET, time);
        e.meetingEveryDays = meetingEveryDays;
        return e;
    }

    public static InteractionEvent message(String sender, Instant time) {
        InteractionEvent e = base(EventTypes.MESSAGE_SENT, time);
        e.actorId = sender;
        e.channel = "email";
        return e;
    }

    /** A 45-minute video meeting that ended (and was reported) at {@code time}. */
    public static InteractionEvent meeting(Instant time) {
        InteractionEvent e = base(EventTypes.MEETING_HELD, time);
        e.itemId = "meeting-" + e.id;
        e.channel = "video";
        e.startedAt = time.minusSeconds(45 * 60).toEpochMilli();
        e.endedAt = time.toEpochMilli();
        return e;
    }

    public static InteractionEvent scheduled(String meetingId, String organizer, Instant time, Instant plannedStart) {
        InteractionEvent e = base(EventTypes.MEETING_SCHEDULED, time);
        e.itemId = meetingId;
        e.actorId = organizer;
        e.channel = "video";
        e.startedAt = plannedStart.toEpochMilli();
        return e;
    }

    public static InteractionEvent cancelled(String meetingId, String by, Instant time, Double noticeHours) {
        InteractionEvent e = base(EventTypes.MEETING_CANCELLED, time);
        e.itemId = meetingId;
        e.actorId = by;
        e.noticeHours = noticeHours;
        return e;
    }

    public static InteractionEvent missed(String meetingId, String absent, Instant time) {
        InteractionEvent e = base(EventTypes.MEETING_MISSED, time);
        e.itemId = meetingId;
        e.absentIds = List.of(absent);
        return e;
    }

    public static InteractionEvent feedback(String respondent, int satisfaction, Instant time) {
        InteractionEvent e = base(EventTypes.FEEDBACK_SUBMITTED, time);
        e.actorId = respondent;
        e.instrument = "midpoint";
        e.satisfaction = satisfaction;
        e.scores = Map.of("rapport", (double) satisfaction);
        return e;
    }

    public static InteractionEvent survey(String recipient, Instant time) {
        InteractionEvent e = base(EventTypes.SURVEY_SENT, time);
        e.itemId = "survey-" + e.id;
        e.actorId = recipient;
        e.instrument = "midpoint";
        return e;
    }

    public static InteractionEvent goal(String goalId, String status, Instant time) {
        InteractionEvent e = base(EventTypes.GOAL_UPDATED, time);
        e.itemId = goalId;
        e.status = status;
        return e;
    }

    public static InteractionEvent status(String status, Instant time) {
        InteractionEvent e = base(EventTypes.MATCH_STATUS_CHANGED, time);
        e.status = status;
        return e;
    }

    public static InteractionEvent outreach(Instant time) {
        InteractionEvent e = base(EventTypes.OUTREACH_LOGGED, time);
        e.actorId = "staff-1";
        e.channel = "email";
        return e;
    }

    /** A registration as ParticipantRouting forwards it: addressed to the match. */
    public static InteractionEvent registered(String participant, String zone, Instant time) {
        InteractionEvent e = base(EventTypes.PARTICIPANT_REGISTERED, time);
        e.actorId = participant;
        e.timezone = zone;
        e.programId = "prog";
        return e;
    }

    /** A cohort session attendance as it comes from the log: about a participant, for no match yet. */
    public static InteractionEvent session(String participant, String kind, boolean attended, Instant time) {
        InteractionEvent e = base(EventTypes.COHORT_SESSION_ATTENDED, time);
        e.matchId = null;
        e.actorId = participant;
        e.cohortId = "c-1";
        e.itemId = "c-1-" + kind;
        e.sessionKind = kind;
        e.attended = attended;
        return e;
    }
}
