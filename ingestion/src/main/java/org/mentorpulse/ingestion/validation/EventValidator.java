package org.mentorpulse.ingestion.validation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.mentorpulse.schema.EventCatalogue;
import org.mentorpulse.schema.EventTypes;
import org.mentorpulse.schema.MentorPulseEvent;
import org.mentorpulse.schema.events.MatchCreated;
import org.mentorpulse.schema.events.FeedbackSubmitted;
import org.mentorpulse.schema.events.MeetingHeld;
import org.mentorpulse.schema.Questionnaire;

/**
 * Turns one structured-mode CloudEvent (a JSON object) into a canonical {@link MentorPulseEvent}, or into the
 * complete list of what is wrong with it. The payload is read by its Avro schema ({@link PayloadReader}); the
 * few rules that relate two fields live in {@link #RULES}. Unknown attributes and data fields are ignored
 * (SPEC 3); anything that would carry message or meeting content has no field to land in.
 */
public final class EventValidator {
    /** CloudEvents extension attributes that place an event in a program or cohort when its data does not. */
    static final String PROGRAM_EXTENSION = "programid";
    static final String COHORT_EXTENSION = "cohortid";

    @FunctionalInterface
    private interface Rule {
        void check(SpecificRecord payload, FieldReader data);
    }

    private static final Map<String, Rule> RULES = Map.of(
            EventTypes.MATCH_CREATED, (payload, d) -> {
                MatchCreated m = (MatchCreated) payload;
                if (m.getMentorId().equals(m.getMenteeId())) {
                    d.reject("mentee_id", RejectionCode.INCONSISTENT, "must differ from mentor_id: a match pairs two people");
                }
                if (m.getStartsOn() != null && m.getPlannedEndOn() != null
                        && m.getPlannedEndOn().isBefore(m.getStartsOn())) {
                    d.reject("planned_end_on", RejectionCode.INCONSISTENT, "must not be before starts_on");
                }
            },
            EventTypes.MEETING_HELD, (payload, d) -> {
                MeetingHeld m = (MeetingHeld) payload;
                if (m.getEndedAt().isBefore(m.getStartedAt())) {
                    d.reject("ended_at", RejectionCode.INCONSISTENT, "must not be before started_at");
                }
            },
            EventTypes.FEEDBACK_SUBMITTED, (payload, d) -> checkQuestionnaire((FeedbackSubmitted) payload, d));

    /** Scores that name a validated instrument answer exactly its items, each on its scale. */
    private static void checkQuestionnaire(FeedbackSubmitted f, FieldReader d) {
        if (f.getQuestionnaire() == null) {
            if (f.getQuestionnaireVersion() != null) {
                d.reject("questionnaire_version", RejectionCode.INCONSISTENT, "given without data.questionnaire");
            }
            return;
        }
        if (f.getQuestionnaireVersion() == null) {
            d.reject("questionnaire_version", RejectionCode.MISSING, "required with data.questionnaire");
            return;
        }
        Optional<Questionnaire> known = Questionnaire.find(f.getQuestionnaire(), f.getQuestionnaireVersion());
        if (known.isEmpty()) {
            d.reject("questionnaire", RejectionCode.INVALID_VALUE, "unknown questionnaire "
                    + FieldReader.quoted(f.getQuestionnaire() + "@" + f.getQuestionnaireVersion()) + "; known: "
                    + String.join(", ", Questionnaire.known()));
            return;
        }
        Questionnaire q = known.get();
        Map<String, Double> scores = f.getScores();
        for (String item : q.items()) {
            Double score = scores.get(item);
            if (score == null) {
                d.reject("scores." + item, RejectionCode.MISSING, "an item of " + q.id() + "@" + q.version()
                        + " without a score");
            } else if (score != Math.rint(score) || score < q.min() || score > q.max()) {
                d.reject("scores." + item, RejectionCode.INVALID_VALUE, "must be a whole number from " + q.min()
                        + " to " + q.max() + ", not " + score);
            }
        }
        scores.keySet().stream().filter(item -> !q.items().contains(item)).sorted().forEach(item ->
                d.reject("scores." + item, RejectionCode.INVALID_VALUE, "not an item of " + q.id() + "@"
                        + q.version() + " (items: " + String.join(", ", q.items()) + ")"));
    }

    private final EventTimeWindow timeWindow;

    public EventValidator() {
        this(EventTimeWindow.DEFAULT);
    }

    public EventValidator(EventTimeWindow timeWindow) {
        this.timeWindow = timeWindow;
    }

    public ValidationResult validate(JsonNode event, Instant receivedAt) {
        List<FieldError> errors = new ArrayList<>();
        if (event == null || !event.isObject()) {
            errors.add(new FieldError("$", RejectionCode.WRONG_TYPE, "an event must be a JSON object, not "
                    + (event == null ? "nothing" : FieldReader.kind(event))));
            return ValidationResult.rejected(null, null, errors);
        }
        FieldReader envelope = new FieldReader(event, "", errors);
        String specVersion = envelope.requiredString("specversion");
        if (specVersion != null && !specVersion.equals("1.0")) {
            envelope.reject("specversion", RejectionCode.INVALID_VALUE, "must be \"1.0\" (CloudEvents 1.0), not " + FieldReader.quoted(specVersion));
        }
        String id = envelope.requiredString("id");
        String source = envelope.requiredString("source");
        String type = envelope.requiredString("type");
        Instant time = envelope.requiredTimestamp("time");
        String timeRefused = time == null ? null : timeWindow.refusal(time, receivedAt);
        if (timeRefused != null) {
            envelope.reject("time", RejectionCode.INVALID_VALUE, timeRefused);
        }
        String subject = envelope.optionalString("subject");
        String programId = envelope.optionalString(PROGRAM_EXTENSION);
        String cohortId = envelope.optionalString(COHORT_EXTENSION);
        String contentType = envelope.optionalString("datacontenttype");
        if (contentType != null && !contentType.startsWith("application/json")) {
            envelope.reject("datacontenttype", RejectionCode.INVALID_VALUE, "must be application/json, not " + FieldReader.quoted(contentType));
        }
        Optional<Schema> payloadSchema = Optional.empty();
        if (type != null) {
            payloadSchema = EventCatalogue.payloadSchema(type);
            if (payloadSchema.isEmpty()) {
                envelope.reject("type", RejectionCode.UNKNOWN_TYPE, "unknown event type " + FieldReader.quoted(type) + "; known types: "
                        + String.join(", ", EventCatalogue.types()));
            }
        }
        JsonNode data = event.get("data");
        SpecificRecord payload = null;
        if (data == null || data.isNull()) {
            envelope.reject("data", RejectionCode.MISSING, "required field is missing");
        } else if (!data.isObject()) {
            envelope.reject("data", RejectionCode.WRONG_TYPE, "must be a JSON object, not " + FieldReader.kind(data));
        } else if (payloadSchema.isPresent()) {
            FieldReader dataReader = new FieldReader(data, "data", errors);
            payload = PayloadReader.read(payloadSchema.get(), dataReader);
            Rule rule = RULES.get(type);
            if (payload != null && rule != null) {
                rule.check(payload, dataReader);
                if (dataReader.failed()) {
                    payload = null;
                }
            }
        }
        String matchId = stringField(payload, "match_id");
        if (subject != null && matchId != null && !subject.equals(matchId)) {
            envelope.reject("subject", RejectionCode.INCONSISTENT, "must be the match id " + FieldReader.quoted(matchId)
                    + " of data.match_id, not " + FieldReader.quoted(subject));
        }
        if (!errors.isEmpty() || payload == null) {
            return ValidationResult.rejected(source, id, errors);
        }
        return ValidationResult.accepted(canonical(id, source, type, time, receivedAt, subject, programId, cohortId,
                payload));
    }

    /**
     * The event the parser is on, read straight into its record when it is plainly valid ({@link PlainEventReader});
     * null when it is not, and {@link #validate(JsonNode, Instant)} must say why. The parser is left on the
     * event's last token either way. Give what it returns to {@link #acceptPlain} when the event is taken.
     */
    public static MentorPulseEvent readPlainlyValid(JsonParser parser) throws IOException {
        return PlainEventReader.read(parser);
    }

    /** A plainly valid event taken at {@code receivedAt}, or null when its time is outside the window. */
    public ValidationResult acceptPlain(MentorPulseEvent plain, Instant receivedAt) {
        if (timeWindow.refusal(plain.getTime(), receivedAt) != null) {
            return null;
        }
        plain.setReceivedTime(receivedAt);
        return ValidationResult.accepted(plain);
    }

    /** The log record of a checked event: the match, program and cohort from its data, else from the envelope. */
    static MentorPulseEvent canonical(String id, String source, String type, Instant time, Instant receivedAt,
            String subject, String programId, String cohortId, SpecificRecord payload) {
        String matchId = stringField(payload, "match_id");
        // the all-arguments constructor, not the builder: every value is already checked, and the builder's
        // per-field validation and default lookup are measurable on the ingestion hot path
        return new MentorPulseEvent(id, source, type, time, receivedAt, matchId != null ? matchId : subject,
                firstNonNull(stringField(payload, "program_id"), programId),
                firstNonNull(stringField(payload, "cohort_id"), cohortId), payload);
    }

    /** Whether the rules relating two fields of the payload refuse it (the reasons are not kept). */
    static boolean breaksARule(String type, SpecificRecord payload) {
        Rule rule = RULES.get(type);
        if (rule == null) {
            return false;
        }
        FieldReader reasons = new FieldReader(NullNode.getInstance(), "data", new ArrayList<>());
        rule.check(payload, reasons);
        return reasons.failed();
    }

    /** A string field of the payload by name, if its schema has one. */
    static String stringField(SpecificRecord payload, String name) {
        if (payload == null) {
            return null;
        }
        Schema.Field field = payload.getSchema().getField(name);
        return field == null ? null : (String) payload.get(field.pos());
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
