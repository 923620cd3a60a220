package org.mentorpulse.analytics.event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.mentorpulse.schema.DeadLetter;
import org.mentorpulse.schema.EventTypes;
import org.mentorpulse.schema.LogClock;
import org.mentorpulse.schema.MentorPulseEvent;
import org.mentorpulse.schema.MentorPulseVersion;

/**
 * The analytics view of one canonical event: a flat Flink POJO with what the metrics need and nothing else.
 * Flattening at the source keeps Avro's classes out of Flink state and keeps the operators plain Java. Each
 * field says which event types fill it; the rest stay null.
 */
public class InteractionEvent implements Cloneable {
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
    /**
     * the log partition this record was read from, for {@link LogWatermarkStamping}; {@link LogWatermarks#NO_PARTITION}
     * where the input is not a partitioned log
     */
    public int logPartition = LogWatermarks.NO_PARTITION;

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
    /** feedback.submitted: the validated instrument the scores answer (e.g. mfq-9) and its definition's version */
    public String questionnaire;
    public Integer questionnaireVersion;
    /** match.created: the planned first and last days (epoch days), and how the pair was matched */
    public Integer startsOn;
    public Integer plannedEndOn;
    public String matchedBy;
    /** goal.updated */
    public Integer progressPct;
    /** cohort.session.attended: kickoff, midpoint, closure, training */
    public String sessionKind;
    public Boolean attended;
    /** agreement.set */
    public Integer meetingEveryDays;
    public Integer messageEveryDays;
    public List<String> preferredChannels;
    /** match.status.changed (and meeting.cancelled): the reason given; match.status.changed: who initiated it */
    public String reason;
    public String initiatedBy;

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

    /** undecodable records: the {@link DeadLetter} to write, as JSON */
    public String deadLetter;

    /** A record of the log that is not an event: set aside with its reason, so the job goes on. */
    public static InteractionEvent undecodable(DeadLetter letter) {
        InteractionEvent e = new InteractionEvent();
        e.type = UNDECODABLE;
        e.source = letter.source();
        e.id = letter.id();
        e.eventTime = Long.MIN_VALUE;
        e.deadLetter = new String(letter.toJson(), StandardCharsets.UTF_8);
        return e;
    }

    /**
     * An event the job read but could not process (a zone this JVM does not know, a bug): its dead letter names
     * the event, which stays in the log to be replayed once fixed.
     */
    public static InteractionEvent unprocessable(InteractionEvent event, String component, Exception cause) {
        DeadLetter.Reason reason = new DeadLetter.Reason("$", "processing", "processing failed for " + event + ": "
                + cause.getClass().getSimpleName() + ": " + cause.getMessage());
        DeadLetter letter = new DeadLetter(component, MentorPulseVersion.VERSION, Instant.now().toString(), "",
                event.source, event.id, event.type, List.of(reason), null, null);
        return undecodable(letter);
    }

    public boolean isUndecodable() {
        return UNDECODABLE.equals(type);
    }

    /** A record the daily evaluation and the events table should see: neither a clock tick nor undecodable. */
    public boolean isEvent() {
        return !isClock() && !isUndecodable();
    }

    /**
     * The analytics view of a canonical event, read by the event's own Avro schema: every payload field lands in
     * the field of the same name here, or the one its schema names with {@code "mp.as"} (who acted, which item,
     * when it started); payload fields the analytics have no field for are not read. So a new event type needs
     * its schema and the code that uses it, not another branch here.
     */
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
        if (e.getData() instanceof SpecificRecord data) {
            for (PayloadField field : PayloadField.of(data.getSchema())) {
                Object value = data.get(field.position());
                if (value != null) {
                    field.target().accept(out, value);
                }
            }
        }
        if (out.isParticipantScoped()) {
            out.matchId = null; // reaches matches only through the participant, see ParticipantRouting
        }
        return out;
    }

    /**
     * Where each payload field goes: this class's fields by their catalogue name. The one list of what the
     * analytics read from events; a field that is not here is not read.
     */
    private static final Map<String, BiConsumer<InteractionEvent, Object>> TARGETS = Map.ofEntries(
            Map.entry("match_id", (e, v) -> e.matchId = text(v)),
            Map.entry("program_id", (e, v) -> e.programId = text(v)),
            Map.entry("cohort_id", (e, v) -> e.cohortId = text(v)),
            Map.entry("actor", (e, v) -> e.actorId = text(v)),
            Map.entry("mentor_id", (e, v) -> e.mentorId = text(v)),
            Map.entry("mentee_id", (e, v) -> e.menteeId = text(v)),
            Map.entry("channel", (e, v) -> e.channel = text(v)),
            Map.entry("status", (e, v) -> e.status = text(v)),
            Map.entry("reason", (e, v) -> e.reason = text(v)),
            Map.entry("initiated_by", (e, v) -> e.initiatedBy = text(v)),
            Map.entry("timezone", (e, v) -> e.timezone = text(v)),
            Map.entry("item", (e, v) -> e.itemId = text(v)),
            Map.entry("started_at", (e, v) -> e.startedAt = ((Instant) v).toEpochMilli()),
            Map.entry("ended_at", (e, v) -> e.endedAt = ((Instant) v).toEpochMilli()),
            Map.entry("connection_issues", (e, v) -> e.connectionIssues = (Boolean) v),
            Map.entry("scheduled_minutes", (e, v) -> e.scheduledMinutes = (Integer) v),
            Map.entry("notice_hours", (e, v) -> e.noticeHours = ((Number) v).doubleValue()),
            Map.entry("absent_ids", (e, v) -> e.absentIds = texts(v)),
            Map.entry("thread_id", (e, v) -> e.threadId = text(v)),
            Map.entry("reply_to", (e, v) -> e.replyTo = text(v)),
            Map.entry("instrument", (e, v) -> e.instrument = text(v)),
            Map.entry("satisfaction", (e, v) -> e.satisfaction = (Integer) v),
            Map.entry("scores", (e, v) -> e.scores = numbers(v)),
            Map.entry("questionnaire", (e, v) -> e.questionnaire = text(v)),
            Map.entry("questionnaire_version", (e, v) -> e.questionnaireVersion = (Integer) v),
            Map.entry("starts_on", (e, v) -> e.startsOn = (int) ((java.time.LocalDate) v).toEpochDay()),
            Map.entry("planned_end_on", (e, v) -> e.plannedEndOn = (int) ((java.time.LocalDate) v).toEpochDay()),
            Map.entry("matched_by", (e, v) -> e.matchedBy = text(v)),
            Map.entry("progress_pct", (e, v) -> e.progressPct = (Integer) v),
            Map.entry("session_kind", (e, v) -> e.sessionKind = text(v)),
            Map.entry("attended", (e, v) -> e.attended = (Boolean) v),
            Map.entry("meeting_every_days", (e, v) -> e.meetingEveryDays = (Integer) v),
            Map.entry("message_every_days", (e, v) -> e.messageEveryDays = (Integer) v),
            Map.entry("preferred_channels", (e, v) -> e.preferredChannels = texts(v)));

    /** A payload field the analytics read: its position in the record and where it goes. */
    private record PayloadField(int position, BiConsumer<InteractionEvent, Object> target) {
        private static final Map<Schema, List<PayloadField>> BY_SCHEMA = new ConcurrentHashMap<>();

        static List<PayloadField> of(Schema schema) {
            return BY_SCHEMA.computeIfAbsent(schema, s -> {
                List<PayloadField> fields = new ArrayList<>();
                for (Schema.Field f : s.getFields()) {
                    String as = f.getProp("mp.as");
                    BiConsumer<InteractionEvent, Object> target = TARGETS.get(as != null ? as : f.name());
                    if (target != null) {
                        fields.add(new PayloadField(f.pos(), target));
                    }
                }
                return List.copyOf(fields);
            });
        }
    }

    /** Avro strings and enum symbols alike, as text. */
    private static String text(Object v) {
        return v instanceof Enum<?> symbol ? symbol.name() : v.toString();
    }

    private static List<String> texts(Object v) {
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) v) {
            out.add(text(o));
        }
        return out;
    }

    private static Map<String, Double> numbers(Object v) {
        Map<String, Double> out = new HashMap<>();
        ((Map<?, ?>) v).forEach((k, n) -> out.put(k.toString(), ((Number) n).doubleValue()));
        return out;
    }

    /**
     * A copy addressed to one match: how participant and cohort events reach the matches they concern. A shallow
     * copy of every field (lists and maps are shared: no operator changes a record it received).
     */
    public InteractionEvent routedTo(String match) {
        InteractionEvent copy;
        try {
            copy = (InteractionEvent) super.clone();
        } catch (CloneNotSupportedException impossible) {
            throw new AssertionError("InteractionEvent is Cloneable", impossible);
        }
        copy.matchId = match;
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
