package org.mentorpulse.ingestion.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.mentorpulse.schema.EventTypes;
import org.mentorpulse.schema.MentorPulseEvent;
import org.mentorpulse.schema.events.MatchCreated;
import org.mentorpulse.schema.events.MeetingChannel;
import org.mentorpulse.schema.events.MeetingHeld;
import org.mentorpulse.schema.events.MessageChannel;
import org.mentorpulse.schema.events.MessageSent;

/**
 * Turns one structured-mode CloudEvent (a JSON object) into a canonical {@link MentorPulseEvent}, or into the
 * complete list of what is wrong with it. Unknown attributes and data fields are ignored (SPEC 3); anything
 * that would carry message or meeting content has no field to land in, so it is dropped here by construction.
 */
public final class EventValidator {
    private static final Set<String> MESSAGE_CHANNELS = names(MessageChannel.values());
    private static final Set<String> MEETING_CHANNELS = names(MeetingChannel.values());

    @FunctionalInterface
    private interface PayloadReader {
        SpecificRecord read(FieldReader data);
    }

    private static final Map<String, PayloadReader> PAYLOADS = Map.of(
            EventTypes.MATCH_CREATED, EventValidator::matchCreated,
            EventTypes.MESSAGE_SENT, EventValidator::messageSent,
            EventTypes.MEETING_HELD, EventValidator::meetingHeld);

    public ValidationResult validate(JsonNode event, Instant receivedAt) {
        List<FieldError> errors = new ArrayList<>();
        if (event == null || !event.isObject()) {
            errors.add(new FieldError("$", "an event must be a JSON object, not "
                    + (event == null ? "nothing" : FieldReader.kind(event))));
            return ValidationResult.rejected(null, null, errors);
        }
        FieldReader envelope = new FieldReader(event, "", errors);
        String specVersion = envelope.requiredString("specversion");
        if (specVersion != null && !specVersion.equals("1.0")) {
            errors.add(new FieldError("specversion", "must be \"1.0\" (CloudEvents 1.0), not '" + specVersion + "'"));
        }
        String id = envelope.requiredString("id");
        String source = envelope.requiredString("source");
        String type = envelope.requiredString("type");
        Instant time = envelope.requiredTimestamp("time");
        String subject = envelope.optionalString("subject");
        String contentType = envelope.optionalString("datacontenttype");
        if (contentType != null && !contentType.startsWith("application/json")) {
            errors.add(new FieldError("datacontenttype", "must be application/json, not '" + contentType + "'"));
        }
        PayloadReader payloadReader = null;
        if (type != null) {
            payloadReader = PAYLOADS.get(type);
            if (payloadReader == null) {
                errors.add(new FieldError("type", "unknown event type '" + type + "'; known types: "
                        + PAYLOADS.keySet().stream().sorted().collect(Collectors.joining(", "))));
            }
        }
        JsonNode data = event.get("data");
        SpecificRecord payload = null;
        if (data == null || data.isNull()) {
            errors.add(new FieldError("data", "required field is missing"));
        } else if (!data.isObject()) {
            errors.add(new FieldError("data", "must be a JSON object, not " + FieldReader.kind(data)));
        } else if (payloadReader != null) {
            payload = payloadReader.read(new FieldReader(data, "data", errors));
        }
        String matchId = data != null && data.path("match_id").isTextual() ? data.get("match_id").asText() : null;
        if (subject != null && matchId != null && !subject.equals(matchId)) {
            errors.add(new FieldError("subject", "must be the match id '" + matchId + "' of data.match_id, not '"
                    + subject + "'"));
        }
        if (!errors.isEmpty()) {
            return ValidationResult.rejected(source, id, errors);
        }
        MentorPulseEvent.Builder canonical = MentorPulseEvent.newBuilder()
                .setId(id)
                .setSource(source)
                .setType(type)
                .setTime(time)
                .setReceivedTime(receivedAt)
                .setSubject(matchId != null ? matchId : subject)
                .setData(payload);
        if (payload instanceof MatchCreated created) {
            canonical.setProgramId(created.getProgramId()).setCohortId(created.getCohortId());
        }
        return ValidationResult.accepted(canonical.build());
    }

    // Each reader reads every field first (so all problems are reported), then builds only from clean values:
    // Avro's builders refuse a null in a required field.

    private static MatchCreated matchCreated(FieldReader d) {
        String matchId = d.requiredString("match_id");
        String programId = d.requiredString("program_id");
        String cohortId = d.requiredString("cohort_id");
        String mentorId = d.requiredString("mentor_id");
        String menteeId = d.requiredString("mentee_id");
        var startsOn = d.optionalDate("starts_on");
        var plannedEndOn = d.optionalDate("planned_end_on");
        String matchedBy = d.optionalString("matched_by");
        if (mentorId != null && mentorId.equals(menteeId)) {
            d.reject("mentee_id", "must differ from mentor_id: a match pairs two people");
        }
        if (d.failed()) {
            return null;
        }
        return new MatchCreated(matchId, programId, cohortId, mentorId, menteeId, startsOn, plannedEndOn,
                matchedBy);
    }

    private static MessageSent messageSent(FieldReader d) {
        String matchId = d.requiredString("match_id");
        String senderId = d.requiredString("sender_id");
        String channel = d.requiredEnum("channel", MESSAGE_CHANNELS);
        String threadId = d.optionalString("thread_id");
        String replyTo = d.optionalString("reply_to");
        Integer lengthChars = d.optionalNonNegativeInt("length_chars");
        if (d.failed()) {
            return null;
        }
        return new MessageSent(matchId, senderId, MessageChannel.valueOf(channel), threadId, replyTo, lengthChars);
    }

    private static MeetingHeld meetingHeld(FieldReader d) {
        String matchId = d.requiredString("match_id");
        String meetingId = d.requiredString("meeting_id");
        String channel = d.requiredEnum("channel", MEETING_CHANNELS);
        Instant started = d.requiredTimestamp("started_at");
        Instant ended = d.requiredTimestamp("ended_at");
        List<String> attendees = d.optionalStringList("attendee_ids");
        Boolean connectionIssues = d.optionalBoolean("connection_issues");
        if (started != null && ended != null && ended.isBefore(started)) {
            d.reject("ended_at", "must not be before started_at");
        }
        if (d.failed()) {
            return null;
        }
        return new MeetingHeld(matchId, meetingId, MeetingChannel.valueOf(channel), started, ended,
                new ArrayList<>(attendees), connectionIssues);
    }

    private static Set<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.toUnmodifiableSet());
    }
}
