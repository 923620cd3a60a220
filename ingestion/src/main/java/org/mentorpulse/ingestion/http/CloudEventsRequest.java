package org.mentorpulse.ingestion.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.mentorpulse.ingestion.IngestionLimits;
import org.mentorpulse.ingestion.IngestionService.ReceivedEvent;
import org.mentorpulse.ingestion.validation.EventValidator;
import org.mentorpulse.ingestion.validation.FieldError;
import org.mentorpulse.ingestion.validation.RejectionCode;
import org.mentorpulse.schema.MentorPulseEvent;

/**
 * Reads the events of one {@code POST /v1/events} in the three CloudEvents HTTP modes:
 * <ul>
 *   <li>structured: {@code application/cloudevents+json}, one event object;</li>
 *   <li>batch: {@code application/cloudevents-batch+json}, an array of event objects;</li>
 *   <li>binary: the attributes in {@code ce-*} headers and the body is the event's {@code data}.</li>
 * </ul>
 * Plain {@code application/json} without {@code ce-} headers is read as structured (or as a batch if it is an
 * array), which is what most hand-written clients send. Binary mode is turned into the structured form here,
 * so validation has one input shape.
 */
final class CloudEventsRequest {
    static final String STRUCTURED = "application/cloudevents+json";
    static final String BATCH = "application/cloudevents-batch+json";
    private static final Map<String, String> BINARY_ATTRIBUTES = Map.of(
            "ce-specversion", "specversion", "ce-id", "id", "ce-source", "source", "ce-type", "type",
            "ce-time", "time", "ce-subject", "subject", "ce-dataschema", "dataschema",
            "ce-programid", "programid", "ce-cohortid", "cohortid");

    /** Either the events, or why the request as a whole cannot be read (with the HTTP status to answer). */
    sealed interface Result permits Events, Problem {}

    record Events(List<ReceivedEvent> events) implements Result {}

    record Problem(int status, FieldError error) implements Result {}

    private final ObjectMapper json;
    private final IngestionLimits limits;

    CloudEventsRequest(IngestionLimits limits) {
        this.limits = limits;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(limits.maxJsonDepth()).build())
                .build();
        this.json = new ObjectMapper(factory);
    }

    Result read(String contentTypeHeader, UnaryOperator<String> header, byte[] body) {
        String contentType = contentTypeHeader == null ? ""
                : contentTypeHeader.split(";")[0].strip().toLowerCase(Locale.ROOT);
        try {
            if (contentType.equals(BATCH)) {
                return batch(body);
            }
            if (contentType.equals(STRUCTURED)) {
                return new Events(List.of(new ReceivedEvent(json.readTree(body), body.length)));
            }
            if (header.apply("ce-specversion") != null) {
                return binary(contentTypeHeader, header, body);
            }
            if (contentType.equals("application/json")) {
                // an array is a batch; look at the first byte rather than parsing the body twice
                return startsWithArray(body) ? batch(body)
                        : new Events(List.of(new ReceivedEvent(json.readTree(body), body.length)));
            }
        } catch (StreamConstraintsException e) {
            return new Problem(413, new FieldError("$", RejectionCode.TOO_LARGE,
                    "the JSON nests deeper than " + limits.maxJsonDepth() + " levels"));
        } catch (JsonProcessingException e) {
            return new Problem(400, new FieldError("$", RejectionCode.MALFORMED,
                    "the body is not valid JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            return new Problem(400, new FieldError("$", RejectionCode.MALFORMED,
                    "the body could not be read: " + e.getMessage()));
        }
        return new Problem(415, new FieldError("Content-Type", RejectionCode.INVALID_VALUE, "must be " + STRUCTURED
                + " (one event), " + BATCH + " (an array of events) or, in binary mode, the data's type with ce-* "
                + "headers; not '" + contentType + "'"));
    }

    /** Streams the array so each event's own size is known and an oversized batch stops early. */
    private Result batch(byte[] body) throws IOException {
        List<ReceivedEvent> events = new ArrayList<>();
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return new Problem(400, new FieldError("$", RejectionCode.WRONG_TYPE,
                        "batch mode needs a JSON array of events"));
            }
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (parser.currentToken() == null) {
                    return new Problem(400, new FieldError("$", RejectionCode.MALFORMED, "the array is not closed"));
                }
                if (events.size() == limits.maxBatchEvents()) {
                    return new Problem(413, new FieldError("$", RejectionCode.TOO_LARGE, "a batch holds at most "
                            + limits.maxBatchEvents() + " events; split it"));
                }
                // a plainly valid event is read here, once, straight into its record; any other is read again
                // from its own bytes when validated, as a tree, so that every problem with it can be named
                long start = parser.currentTokenLocation().getByteOffset();
                MentorPulseEvent plainlyValid = null;
                if (parser.currentToken() == JsonToken.START_OBJECT) {
                    plainlyValid = EventValidator.readPlainlyValid(parser);
                } else {
                    parser.skipChildren();
                    parser.finishToken(); // a string is read lazily: where it ends is known only once finished
                }
                long end = parser.currentLocation().getByteOffset();
                events.add(ReceivedEvent.ofText(body, (int) start, (int) (end - start), json, plainlyValid));
            }
            if (parser.nextToken() != null) {
                return new Problem(400, new FieldError("$", RejectionCode.MALFORMED,
                        "unexpected content after the array"));
            }
        }
        return new Events(events);
    }

    private Result binary(String contentType, UnaryOperator<String> header, byte[] body) throws IOException {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        BINARY_ATTRIBUTES.forEach((headerName, attribute) -> {
            String value = header.apply(headerName);
            if (value != null) {
                event.put(attribute, percentDecode(value));
            }
        });
        if (contentType != null) {
            event.put("datacontenttype", contentType);
        }
        String type = contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (body.length > 0 && (type.equals("application/json") || type.endsWith("+json"))) {
            event.set("data", json.readTree(body));
        } else if (body.length > 0) {
            // not JSON: validation refuses it on datacontenttype; the bytes themselves are not kept
            event.put("data", "(" + body.length + " bytes of " + type + ")");
        }
        return new Events(List.of(new ReceivedEvent(event, body.length)));
    }

    private static boolean startsWithArray(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return b == '[';
            }
        }
        return false;
    }

    /** CloudEvents HTTP binding 3.1.3.2: header values percent-encode non-printable ASCII, '"' and '%'. */
    static String percentDecode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && isHex(value, i + 1) && isHex(value, i + 2)) {
                bytes.write(Integer.parseInt(value.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(String s, int i) {
        return i < s.length() && Character.digit(s.charAt(i), 16) >= 0;
    }
}
