package org.mentorpulse.analytics.event;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mentorpulse.schema.EventTypes;
import org.mentorpulse.schema.LogClock;
import org.mentorpulse.schema.MentorPulseEvent;
import org.mentorpulse.schema.events.AgreementSet;
import org.mentorpulse.schema.events.CohortSessionAttended;
import org.mentorpulse.schema.events.FeedbackSubmitted;
import org.mentorpulse.schema.events.GoalUpdated;
import org.mentorpulse.schema.events.MatchCreated;
import org.mentorpulse.schema.events.MatchStatusChanged;
import org.mentorpulse.schema.events.MeetingCancelled;
import org.mentorpulse.schema.events.MeetingHeld;
import org.mentorpulse.schema.events.MeetingMissed;
import org.mentorpulse.schema.events.MeetingScheduled;
import org.mentorpulse.schema.events.MessageSent;
import org.mentorpulse.schema.events.OutreachLogged;
import org.mentorpulse.schema.events.ParticipantErased;
import org.mentorpulse.schema.events.ParticipantRegistered;
import org.mentorpulse.schema.events.ResourceShared;
import org.mentorpulse.schema.events.SurveySent;

/**
 * The analytics view of one canonical event: a flat Flink POJO with what the metrics need and nothing else.
 * Flattening at the source keeps Avro's classes out of Flink state and keeps the operators plain Java. Each
 * field says which event types fill it; the rest stay null.
 */
public class InteractionEvent {
    public String source;
    public String id;
    public String type;
    /** the match the event belongs to; for participant and cohort events, set when they are routed to a match */
    public String matchId;
    public String programId;
    public String cohortId;
    /**
     * who acted: the sender of a message, organiser of a meeting, who cancelled, the respondent of feedback,
     * the sharer of a resource, the recipient of a survey, the staff member of an outreach, the registered,
     * erased or attending participant
     */
    public String actorId;
    /** match.created */
    public String mentorId;
    public String menteeId;
    public String channel;
    /** match.status.changed: active, paused, completed, closed_early; goal.updated: set, progress, ... */
    public String status;
    /** event time, epoch milliseconds */
    public long eventTime;
    public long receivedTime;
    /**
     * the watermark of the log partition this event was read from, as of this event ({@link LogWatermarks});
     * {@link LogWatermarks#UNKNOWN} where the input is not a partitioned log. Lateness is judged by it.
     */
    public long logWatermark = LogWatermarks.UNKNOWN;

    /** participant.registered: the IANA zone */
    public String timezone;
    /** meeting.*: the meeting; survey.sent: the survey; goal.updated: the goal; cohort session: the session */
    public String itemId;
    /** meeting.held: when it started and ended; meeting.scheduled: the planned start (startedAt) */
    public Long startedAt;
    public Long endedAt;
    /** meeting.held */
    public Boolean connectionIssues;
    /** meeting.scheduled */
    public Integer scheduledMinutes;
    /** meeting.cancelled */
    public Double noticeHours;
    /** meeting.missed */
    public List<String> absentIds;
    /** message.sent */
    public String threadId;
    public String replyTo;
    /** feedback.submitted and survey.sent: pulse, midpoint, exit, other */
    public String instrument;
    public Integer satisfaction;
    public Map<String, Double> scores;
    /** goal.updated */
    public Integer progressPct;
    /** cohort.session.attended: kickoff, midpoint, closure, training */
    public String sessionKind;
    public Boolean attended;
    /** agreement.set */
    public Integer meetingEveryDays;
    public Integer messageEveryDays;

    public InteractionEvent() {}

    /** The type of clock ticks: not an event, only event time passing (see {@link LogClock}). */
    public static final String CLOCK = "mentorpulse.clock";

    /** A clock tick of the log: moves watermarks, and is dropped before anything else sees it. */
    public static InteractionEvent clock(long eventTime) {
        InteractionEvent tick = new InteractionEvent();
        tick.source = LogClock.KEY;
        tick.id = "tick-" + eventTime;
        tick.type = CLOCK;
        tick.eventTime = eventTime;
        tick.receivedTime = eventTime;
        return tick;
    }

    public boolean isClock() {
        return CLOCK.equals(type);
    }

    /** The type of a log record the job could not read: it carries only its dead letter. */
    public static final String UNDECODABLE = "mentorpulse.undecodable";

    /** undecodable records: the {@link org.mentorpulse.schema.DeadLetter} to write, as JSON */
    public String deadLetter;

    /** A record of the log that is not an event: set aside with its reason, so the job goes on. */
    public static InteractionEvent undecodable(org.mentorpulse.schema.DeadLetter letter) {
        InteractionEvent e = new InteractionEvent();
        e.type = UNDECODABLE;
        e.source = letter.source();
        e.id = letter.id();
        e.eventTime = Long.MIN_VALUE;
        e.deadLetter = new String(letter.toJson(), java.nio.charset.StandardCharsets.UTF_8);
        return e;
    }

    public boolean isUndecodable() {
        return UNDECODABLE.equals(type);
    }

    /** A record the daily evaluation and the events table should see: neither a clock tick nor undecodable. */
    public boolean isEvent() {
        return !isClock() && !isUndecodable();
    }

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
            out.programId = m.getProgramId();
            out.cohortId = m.getCohortId();
            out.mentorId = m.getMentorId();
            out.menteeId = m.getMenteeId();
        } else if (data instanceof MessageSent m) {
            out.matchId = m.getMatchId();
            out.actorId = m.getSenderId();
            out.channel = m.getChannel().name();
            out.threadId = m.getThreadId();
            out.replyTo = m.getReplyTo();
        } else if (data instanceof MeetingHeld m) {
            out.matchId = m.getMatchId();
            out.itemId = m.getMeetingId();
            out.channel = m.getChannel().name();
            out.startedAt = m.getStartedAt().toEpochMilli();
            out.endedAt = m.getEndedAt().toEpochMilli();
            out.connectionIssues = m.getConnectionIssues();
        } else if (data instanceof MeetingScheduled m) {
            out.matchId = m.getMatchId();
            out.itemId = m.getMeetingId();
            out.actorId = m.getOrganizerId();
            out.channel = m.getChannel().name();
            out.startedAt = m.getScheduledStart().toEpochMilli();
            out.scheduledMinutes = m.getScheduledMinutes();
        } else if (data instanceof MeetingCancelled m) {
            out.matchId = m.getMatchId();
            out.itemId = m.getMeetingId();
            out.actorId = m.getCancelledBy();
            out.noticeHours = m.getNoticeHours();
        } else if (data instanceof MeetingMissed m) {
            out.matchId = m.getMatchId();
            out.itemId = m.getMeetingId();
            out.absentIds = new ArrayList<>(m.getAbsentIds());
        } else if (data instanceof AgreementSet m) {
            out.matchId = m.getMatchId();
            out.meetingEveryDays = m.getMeetingEveryDays();
            out.messageEveryDays = m.getMessageEveryDays();
        } else if (data instanceof FeedbackSubmitted m) {
            out.matchId = m.getMatchId();
            out.actorId = m.getRespondentId();
            out.instrument = m.getInstrument().name();
            out.satisfaction = m.getSatisfaction();
            out.scores = new HashMap<>(m.getScores());
        } else if (data instanceof GoalUpdated m) {
            out.matchId = m.getMatchId();
            out.itemId = m.getGoalId();
            out.status = m.getStatus().name();
            out.progressPct = m.getProgressPct();
        } else if (data instanceof ResourceShared m) {
            out.matchId = m.getMatchId();
            out.actorId = m.getSharerId();
        } else if (data instanceof MatchStatusChanged m) {
            out.matchId = m.getMatchId();
            out.status = m.getStatus().name();
        } else if (data instanceof SurveySent m) {
            out.matchId = m.getMatchId();
            out.itemId = m.getSurveyId();
            out.actorId = m.getRecipientId();
            out.instrument = m.getInstrument().name();
        } else if (data instanceof OutreachLogged m) {
            out.matchId = m.getMatchId();
            out.actorId = m.getStaffId();
            out.channel = m.getChannel().name();
        } else if (data instanceof ParticipantRegistered m) {
            out.matchId = null;
            out.actorId = m.getParticipantId();
            out.programId = m.getProgramId();
            out.timezone = m.getTimezone();
        } else if (data instanceof CohortSessionAttended m) {
            out.matchId = null;
            out.actorId = m.getParticipantId();
            out.cohortId = m.getCohortId();
            out.itemId = m.getSessionId();
            out.sessionKind = m.getSessionKind().name();
            out.attended = m.getAttended();
        } else if (data instanceof ParticipantErased m) {
            out.matchId = null;
            out.actorId = m.getParticipantId();
        }
        return out;
    }

    /** A copy addressed to one match: how participant and cohort events reach the matches they concern. */
    public InteractionEvent routedTo(String match) {
        InteractionEvent copy = new InteractionEvent();
        copy.source = source;
        copy.id = id;
        copy.type = type;
        copy.matchId = match;
        copy.programId = programId;
        copy.cohortId = cohortId;
        copy.actorId = actorId;
        copy.mentorId = mentorId;
        copy.menteeId = menteeId;
        copy.channel = channel;
        copy.status = status;
        copy.eventTime = eventTime;
        copy.receivedTime = receivedTime;
        copy.logWatermark = logWatermark;
        copy.timezone = timezone;
        copy.itemId = itemId;
        copy.startedAt = startedAt;
        copy.endedAt = endedAt;
        copy.connectionIssues = connectionIssues;
        copy.scheduledMinutes = scheduledMinutes;
        copy.noticeHours = noticeHours;
        copy.absentIds = absentIds;
        copy.threadId = threadId;
        copy.replyTo = replyTo;
        copy.instrument = instrument;
        copy.satisfaction = satisfaction;
        copy.scores = scores;
        copy.progressPct = progressPct;
        copy.sessionKind = sessionKind;
        copy.attended = attended;
        copy.meetingEveryDays = meetingEveryDays;
        copy.messageEveryDays = messageEveryDays;
        return copy;
    }

    public boolean is(String eventType) {
        return eventType.equals(type);
    }

    /** Events about a participant or a cohort session, which reach matches only through the participant. */
    public boolean isParticipantScoped() {
        return is(EventTypes.PARTICIPANT_REGISTERED) || is(EventTypes.COHORT_SESSION_ATTENDED)
                || is(EventTypes.PARTICIPANT_ERASED);
    }

    @Override
    public String toString() {
        return type + "(" + source + "/" + id + " match=" + matchId + " at=" + eventTime + ")";
    }
}
