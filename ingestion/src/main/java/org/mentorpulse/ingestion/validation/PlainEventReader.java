package org.mentorpulse.ingestion.validation;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.mentorpulse.schema.EventCatalogue;
import org.mentorpulse.schema.MentorPulseEvent;

/**
 * The fast path of validation: reads a structured CloudEvent token by token straight into its Avro record, with
 * no JSON tree in between, when the event is plainly valid. It gives up (null) at the first thing that is not:
 * a missing, null, blank, mistyped, out-of-range or repeated field, {@code data} before {@code type}, a broken
 * rule. The caller then reads the event as a tree and validates it with {@link EventValidator}, which names every
 * problem; so there is one definition of what a refusal says, and this class only has to be no more lenient
 * than the tree path. {@code PlainEventReaderProperties} holds the two to the same records on thousands of broken
 * and valid events.
 *
 * <p>Most events that arrive are valid. Read this way, an event of a batch costs about 0.7 of what a tree and its
 * validation cost ({@code IngestionPathBenchmark}).
 */
final class PlainEventReader {
    /** The envelope's attributes the validator reads, all strings; the indexes below are their places. */
    private static final List<String> ATTRIBUTES = List.of("specversion", "id", "source", "type", "time", "subject",
            EventValidator.PROGRAM_EXTENSION, EventValidator.COHORT_EXTENSION, "datacontenttype");
    private static final int SPEC_VERSION = 0;
    private static final int ID = 1;
    private static final int SOURCE = 2;
    private static final int TYPE = 3;
    private static final int TIME = 4;
    private static final int SUBJECT = 5;
    private static final int PROGRAM = 6;
    private static final int COHORT = 7;
    private static final int CONTENT_TYPE = 8;

    private PlainEventReader() {}

    /**
     * The canonical event without its {@code received_time} and unchecked against the time window (both belong to
     * the moment ingestion takes the event, see {@link EventValidator#acceptPlain}), or null when the tree path
     * must decide. The parser is on the event's START_OBJECT; it is left on the event's END_OBJECT either way.
     */
    static MentorPulseEvent read(JsonParser p) throws IOException {
        JsonStreamContext outside = p.getParsingContext().getParent();
        MentorPulseEvent event = p.currentToken() == JsonToken.START_OBJECT ? envelope(p) : null;
        // wherever reading stopped, on to the event's own end, so the next event is read from its start
        while (p.currentToken() != JsonToken.END_OBJECT || p.getParsingContext() != outside) {
            if (p.nextToken() == null) {
                throw new JsonParseException(p, "the event's object is not closed");
            }
        }
        return event;
    }

    private static MentorPulseEvent envelope(JsonParser p) throws IOException {
        String[] attributes = new String[ATTRIBUTES.size()];
        SpecificRecord payload = null;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken value = p.nextToken();
            int a = ATTRIBUTES.indexOf(name);
            if (a >= 0) {
                attributes[a] = attributes[a] == null ? string(p, value) : null;
                if (attributes[a] == null) {
                    return null;
                }
            } else if (name.equals("data")) {
                String type = attributes[TYPE];
                Optional<Schema> schema = type == null || payload != null || value != JsonToken.START_OBJECT
                        ? Optional.empty() : EventCatalogue.payloadSchema(type);
                payload = schema.isEmpty() ? null : record(p, schema.get());
                if (payload == null) {
                    return null;
                }
            } else {
                p.skipChildren();
            }
        }
        String contentType = attributes[CONTENT_TYPE];
        if (p.currentToken() != JsonToken.END_OBJECT || !"1.0".equals(attributes[SPEC_VERSION])
                || attributes[ID] == null || attributes[SOURCE] == null || attributes[TIME] == null || payload == null
                || (contentType != null && !contentType.startsWith("application/json"))) {
            return null;
        }
        Instant time;
        try {
            time = Rfc3339.parse(attributes[TIME]);
        } catch (DateTimeException e) {
            return null;
        }
        String type = attributes[TYPE];
        String subject = attributes[SUBJECT];
        String matchId = EventValidator.stringField(payload, "match_id");
        if (EventValidator.breaksARule(type, payload) || (subject != null && matchId != null && !subject.equals(matchId))) {
            return null;
        }
        // received_time is set when ingestion takes the event (EventValidator.acceptPlain); the record needs one now
        return EventValidator.canonical(attributes[ID], attributes[SOURCE], type, time, Instant.EPOCH, subject,
                attributes[PROGRAM], attributes[COHORT], payload);
    }

    /** The record of {@code schema} from the object the parser is on; null (the parser anywhere in it) to give up. */
    private static SpecificRecord record(JsonParser p, Schema schema) throws IOException {
        List<PayloadReader.FieldPlan> plan = PayloadReader.plan(schema);
        Object[] values = new Object[plan.size()];
        boolean[] seen = new boolean[plan.size()];
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken token = p.nextToken();
            int i = position(plan, name);
            if (i < 0) {
                p.skipChildren();
                continue;
            }
            if (seen[i] || token == JsonToken.VALUE_NULL) {
                return null;
            }
            seen[i] = true;
            values[i] = value(p, token, plan.get(i));
            if (values[i] == null) {
                return null;
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            return null;
        }
        for (int i = 0; i < values.length; i++) {
            if (!seen[i]) {
                PayloadReader.FieldPlan f = plan.get(i);
                Schema.Type t = f.type().getType();
                if (t == Schema.Type.ARRAY && f.minItems() == 0) {
                    values[i] = new ArrayList<>();
                } else if (t == Schema.Type.MAP) {
                    values[i] = new LinkedHashMap<>();
                } else if (f.required() || t == Schema.Type.ARRAY) {
                    return null;
                }
            }
        }
        return PayloadReader.record(schema, values);
    }

    private static int position(List<PayloadReader.FieldPlan> plan, String name) {
        for (int i = 0; i < plan.size(); i++) {
            if (plan.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** One field's value, or null to give up. */
    private static Object value(JsonParser p, JsonToken token, PayloadReader.FieldPlan f) throws IOException {
        Schema schema = f.type();
        return switch (schema.getType()) {
            case STRING -> {
                String v = string(p, token);
                yield v == null || (f.timezone() && !PayloadReader.isZone(v)) || v.length() > f.maxLength() ? null : v;
            }
            case ENUM -> symbol(p, token, schema);
            case BOOLEAN -> token == JsonToken.VALUE_TRUE ? Boolean.TRUE
                    : token == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
            case INT -> schema.getLogicalType() instanceof LogicalTypes.Date ? parsed(p, token, LocalDate::parse)
                    : integer(p, token, f);
            case LONG -> schema.getLogicalType() instanceof LogicalTypes.TimestampMillis
                    ? parsed(p, token, Rfc3339::parse) : null;
            case DOUBLE -> {
                Double d = number(p, token);
                yield d == null || d < f.minDouble() || d > f.maxDouble() ? null : d;
            }
            case ARRAY -> array(p, token, schema.getElementType(), f.minItems());
            case MAP -> schema.getValueType().getType() == Schema.Type.DOUBLE ? numbers(p, token) : null;
            default -> null;
        };
    }

    private static String string(JsonParser p, JsonToken token) throws IOException {
        if (token != JsonToken.VALUE_STRING) {
            return null;
        }
        String s = p.getText();
        return s.isBlank() ? null : s;
    }

    private static Object symbol(JsonParser p, JsonToken token, Schema enumSchema) throws IOException {
        String v = string(p, token);
        return v == null || !enumSchema.hasEnumSymbol(v) ? null : PayloadReader.enumValue(enumSchema, v);
    }

    /** A string read by {@code parse} (a date, a timestamp), or null when it is not one. */
    private static <T> T parsed(JsonParser p, JsonToken token, Function<String, T> parse) throws IOException {
        String v = string(p, token);
        try {
            return v == null ? null : parse.apply(v);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static Integer integer(JsonParser p, JsonToken token, PayloadReader.FieldPlan f) throws IOException {
        if (token != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            return null;
        }
        long v = p.getLongValue();
        return v < f.min() || v > f.max() ? null : (int) v;
    }

    private static Double number(JsonParser p, JsonToken token) throws IOException {
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            return null;
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                || p.getNumberType() == JsonParser.NumberType.BIG_DECIMAL) {
            return null;
        }
        double d = p.getDoubleValue();
        return Double.isFinite(d) ? d : null;
    }

    private static List<Object> array(JsonParser p, JsonToken token, Schema items, int minItems) throws IOException {
        if (token != JsonToken.START_ARRAY) {
            return null;
        }
        List<Object> result = new ArrayList<>();
        for (JsonToken item = p.nextToken(); item != JsonToken.END_ARRAY; item = p.nextToken()) {
            Object value = switch (items.getType()) {
                case STRING -> string(p, item);
                case ENUM -> symbol(p, item, items);
                case RECORD -> item == JsonToken.START_OBJECT ? record(p, items) : null;
                default -> null;
            };
            if (value == null) {
                return null;
            }
            result.add(value);
        }
        return result.size() < minItems ? null : result;
    }

    private static Map<String, Double> numbers(JsonParser p, JsonToken token) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            return null;
        }
        Map<String, Double> result = new LinkedHashMap<>();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            Double d = number(p, p.nextToken());
            if (d == null || result.put(name, d) != null) {
                return null;
            }
        }
        return p.currentToken() == JsonToken.END_OBJECT ? result : null;
    }
}
