package org.mentorpulse.analytics.risk;

import java.time.Instant;
import org.mentorpulse.analytics.event.InteractionEvent;
import org.mentorpulse.schema.EventTypes;

/** Test events for match m-1 between mentor "mentor" and mentee "mentee". */
final class Events {
    static final Instant DAY0 = Instant.parse("2026-03-02T00:00:00Z");
    private static int counter;

    private Events() {}

    static Instant at(int day, int hour) {
        return DAY0.plusSeconds(day * 86_400L + hour * 3_600L);
    }

    private static InteractionEvent base(String type, Instant time) {
        InteractionEvent e = new InteractionEvent();
        e.source = "test";
        e.id = "e-" + (++counter);
        e.type = type;
        e.matchId = "m-1";
        e.eventTime = time.toEpochMilli();
        e.receivedTime = time.toEpochMilli();
        return e;
    }

    static InteractionEvent created(Instant time) {
        InteractionEvent e = base(EventTypes.MATCH_CREATED, time);
        e.programId = "prog";
        e.cohortId = "c-1";
        e.mentorId = "mentor";
        e.menteeId = "mentee";
        return e;
    }

    static InteractionEvent message(String sender, Instant time) {
        InteractionEvent e = base(EventTypes.MESSAGE_SENT, time);
        e.actorId = sender;
        e.channel = "email";
        return e;
    }

    static InteractionEvent status(String status, Instant time) {
        InteractionEvent e = base(EventTypes.MATCH_STATUS_CHANGED, time);
        e.status = status;
        return e;
    }

    static InteractionEvent meeting(Instant time) {
        InteractionEvent e = base(EventTypes.MEETING_HELD, time);
        e.channel = "video";
        return e;
    }
}
