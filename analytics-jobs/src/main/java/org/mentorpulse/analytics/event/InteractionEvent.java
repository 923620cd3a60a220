package org.mentorpulse.analytics.event;

import org.mentorpulse.schema.EventTypes;
import org.mentorpulse.schema.MentorPulseEvent;
import org.mentorpulse.schema.events.MatchCreated;
import org.mentorpulse.schema.events.MatchStatusChanged;
import org.mentorpulse.schema.events.MeetingHeld;
import org.mentorpulse.schema.events.MessageSent;

/**
 * The analytics view of one canonical event: a flat Flink POJO with only what the metrics need. Flattening at
 * the source keeps Avro's classes out of Flink state and keeps the operators plain Java.
 */
public class InteractionEvent {
    public String source;
    public String id;
    public String type;
    public String matchId;
    public String programId;
    public String cohortId;
    /** who acted: the sender of a message; null where the event has no single actor */
    public String actorId;
    public String mentorId;
    public String menteeId;
    public String channel;
    /** for match.status.changed: active, paused, completed or closed_early */
    public String status;
    /** event time, epoch milliseconds */
    public long eventTime;
    public long receivedTime;

    public InteractionEvent() {}

    public static InteractionEvent from(MentorPulseEvent e) {
        InteractionEvent out = new InteractionEvent();
        out.source = e.getSource();
        out.id = e.getId();
        out.type = e.getType();
        out.matchId = e.getSubject();
        out.programId = e.getProgramId();
        out.cohortId = e.getCohortId();
        out.eventTime = e.getTime().toEpochMilli();
        out.receivedTime = e.getReceivedTime().toEpochMilli();
        Object data = e.getData();
        if (data instanceof MatchCreated m) {
            out.matchId = m.getMatchId();
            out.mentorId = m.getMentorId();
            out.menteeId = m.getMenteeId();
        } else if (data instanceof MessageSent m) {
            out.matchId = m.getMatchId();
            out.actorId = m.getSenderId();
            out.channel = m.getChannel().name();
        } else if (data instanceof MeetingHeld m) {
            out.matchId = m.getMatchId();
            out.channel = m.getChannel().name();
        } else if (data instanceof MatchStatusChanged m) {
            out.matchId = m.getMatchId();
            out.status = m.getStatus().name();
        }
        return out;
    }

    public boolean isMatchCreated() {
        return EventTypes.MATCH_CREATED.equals(type);
    }

    public boolean isMessage() {
        return EventTypes.MESSAGE_SENT.equals(type);
    }

    /** The match ended: completed, or closed early. */
    public boolean isMatchEnd() {
        return EventTypes.MATCH_STATUS_CHANGED.equals(type)
                && ("completed".equals(status) || "closed_early".equals(status));
    }

    public boolean isMatchStatusChange() {
        return EventTypes.MATCH_STATUS_CHANGED.equals(type);
    }

    public boolean isMeetingHeld() {
        return EventTypes.MEETING_HELD.equals(type);
    }

    @Override
    public String toString() {
        return type + "(" + source + "/" + id + " match=" + matchId + " at=" + eventTime + ")";
    }
}
