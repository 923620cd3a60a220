package org.mentorpulse.ingestion.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads typed fields out of one JSON object and collects every problem instead of stopping at the first, so a
 * sender learns all that is wrong with an event in one answer. Each problem names the full field path.
 */
final class FieldReader {
    private final JsonNode node;
    private final String prefix;
    private final List<FieldError> errors;
    private int failures;

    FieldReader(JsonNode node, String prefix, List<FieldError> errors) {
        this.node = node;
        this.prefix = prefix;
        this.errors = errors;
    }

    /** True if any field read through this reader was refused. */
    boolean failed() {
        return failures > 0;
    }

    private String path(String field) {
        return prefix.isEmpty() ? field : prefix + "." + field;
    }

    void reject(String field, String reason) {
        fail(field, reason);
    }

    private void fail(String field, String reason) {
        failures++;
        errors.add(new FieldError(path(field), reason));
    }

    String requiredString(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            fail(field, "required field is missing");
            return null;
        }
        if (!v.isTextual()) {
            fail(field, "must be a string, not " + kind(v));
            return null;
        }
        if (v.asText().isBlank()) {
            fail(field, "must not be empty");
            return null;
        }
        return v.asText();
    }

    String optionalString(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            fail(field, "must be a string, not " + kind(v));
            return null;
        }
        return v.asText().isBlank() ? null : v.asText();
    }

    String requiredEnum(String field, Set<String> allowed) {
        String v = requiredString(field);
        if (v != null && !allowed.contains(v)) {
            fail(field, "must be one of " + new java.util.TreeSet<>(allowed) + ", not '" + v + "'");
            return null;
        }
        return v;
    }

    Instant requiredTimestamp(String field) {
        String v = requiredString(field);
        return v == null ? null : parseTimestamp(field, v);
    }

    private Instant parseTimestamp(String field, String v) {
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            fail(field, "must be an RFC 3339 timestamp with an offset, e.g. 2026-03-02T09:30:00Z, not '" + v + "'");
            return null;
        }
    }

    LocalDate optionalDate(String field) {
        String v = optionalString(field);
        if (v == null) {
            return null;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            fail(field, "must be a date like 2026-03-02, not '" + v + "'");
            return null;
        }
    }

    Integer optionalNonNegativeInt(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
            fail(field, "must be a whole number from 0 to " + Integer.MAX_VALUE + ", not " + v);
            return null;
        }
        return v.asInt();
    }

    Boolean optionalBoolean(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            fail(field, "must be true or false, not " + kind(v));
            return null;
        }
        return v.asBoolean();
    }

    List<String> optionalStringList(String field) {
        JsonNode v = node.get(field);
        List<String> result = new ArrayList<>();
        if (v == null || v.isNull()) {
            return result;
        }
        if (!v.isArray()) {
            fail(field, "must be an array of strings, not " + kind(v));
            return result;
        }
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (!item.isTextual() || item.asText().isBlank()) {
                fail(field + "[" + i + "]", "must be a non-empty string");
            } else {
                result.add(item.asText());
            }
        }
        return result;
    }

    static String kind(JsonNode v) {
        if (v.isObject()) {
            return "an object";
        }
        if (v.isArray()) {
            return "an array";
        }
        if (v.isNumber()) {
            return "a number";
        }
        if (v.isBoolean()) {
            return "a boolean";
        }
        return v.isTextual() ? "a string" : "null";
    }
}
