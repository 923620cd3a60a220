package org.mentorpulse.ingestion.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * Reads typed fields out of one JSON object and collects every problem instead of stopping at the first, so a
 * sender learns all that is wrong with an event in one answer. Each problem names the full field path.
 * A {@code required} read of an absent field is an error; an optional one returns null.
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

    String path(String field) {
        return prefix.isEmpty() ? field : prefix + "." + field;
    }

    void reject(String field, RejectionCode code, String reason) {
        failures++;
        errors.add(new FieldError(path(field), code, reason));
    }

    /** The field's value, or null when it is absent or JSON null (both mean "not given"). */
    private JsonNode present(String field, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                reject(field, RejectionCode.MISSING, "required field is missing");
            }
            return null;
        }
        return v;
    }

    String string(String field, boolean required) {
        JsonNode v = present(field, required);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            reject(field, RejectionCode.WRONG_TYPE, "must be a string, not " + kind(v));
            return null;
        }
        if (v.asText().isBlank()) {
            if (required) {
                reject(field, RejectionCode.MISSING, "must not be empty");
            }
            return null;
        }
        return v.asText();
    }

    String requiredString(String field) {
        return string(field, true);
    }

    String optionalString(String field) {
        return string(field, false);
    }

    String enumSymbol(String field, Collection<String> allowed, boolean required) {
        String v = string(field, required);
        if (v != null && !allowed.contains(v)) {
            reject(field, RejectionCode.INVALID_VALUE,
                    "must be one of " + new TreeSet<>(allowed) + ", not " + quoted(v));
            return null;
        }
        return v;
    }

    Instant timestamp(String field, boolean required) {
        String v = string(field, required);
        if (v == null) {
            return null;
        }
        try {
            return Rfc3339.parse(v);
        } catch (DateTimeParseException e) {
            reject(field, RejectionCode.INVALID_VALUE,
                    "must be an RFC 3339 timestamp with an offset, e.g. 2026-03-02T09:30:00Z, not " + quoted(v));
            return null;
        }
    }

    Instant requiredTimestamp(String field) {
        return timestamp(field, true);
    }

    LocalDate date(String field, boolean required) {
        String v = string(field, required);
        if (v == null) {
            return null;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            reject(field, RejectionCode.INVALID_VALUE, "must be a date like 2026-03-02, not " + quoted(v));
            return null;
        }
    }

    Integer integer(String field, boolean required, long min, long max) {
        JsonNode v = present(field, required);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            reject(field, RejectionCode.INVALID_VALUE,
                    "must be a whole number from " + min + " to " + max + ", not " + brief(v));
            return null;
        }
        return (int) v.asLong();
    }

    Double number(String field, boolean required, double min, double max) {
        JsonNode v = present(field, required);
        if (v == null) {
            return null;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < min || v.asDouble() > max) {
            reject(field, RejectionCode.INVALID_VALUE, "must be a number" + range(min, max) + ", not " + brief(v));
            return null;
        }
        return v.asDouble();
    }

    Boolean bool(String field, boolean required) {
        JsonNode v = present(field, required);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            reject(field, RejectionCode.WRONG_TYPE, "must be true or false, not " + kind(v));
            return null;
        }
        return v.asBoolean();
    }

    /**
     * A JSON array read item by item; {@code item} gets the item and its path and returns null (after
     * rejecting it) when the item is bad. An absent array is empty; fewer than {@code minItems} is an error.
     */
    <T> List<T> list(String field, int minItems, BiFunction<JsonNode, String, T> item) {
        JsonNode v = present(field, minItems > 0);
        List<T> result = new ArrayList<>();
        if (v == null) {
            return result;
        }
        if (!v.isArray()) {
            reject(field, RejectionCode.WRONG_TYPE, "must be an array, not " + kind(v));
            return result;
        }
        if (v.size() < minItems) {
            reject(field, RejectionCode.INVALID_VALUE,
                    "must have at least " + minItems + " item" + (minItems == 1 ? "" : "s"));
        }
        for (int i = 0; i < v.size(); i++) {
            T read = item.apply(v.get(i), field + "[" + i + "]");
            if (read != null) {
                result.add(read);
            }
        }
        return result;
    }

    /** A JSON object of numbers, e.g. survey item scores. */
    Map<String, Double> numberMap(String field) {
        JsonNode v = present(field, false);
        Map<String, Double> result = new LinkedHashMap<>();
        if (v == null) {
            return result;
        }
        if (!v.isObject()) {
            reject(field, RejectionCode.WRONG_TYPE, "must be an object of numbers, not " + kind(v));
            return result;
        }
        v.properties().forEach(entry -> {
            JsonNode n = entry.getValue();
            if (n.isNumber() && Double.isFinite(n.asDouble())) {
                result.put(entry.getKey(), n.asDouble());
            } else {
                reject(field + "." + entry.getKey(), RejectionCode.WRONG_TYPE, "must be a number, not " + kind(n));
            }
        });
        return result;
    }

    /** A reader for a nested JSON value, reporting under this reader's errors with its own path. */
    FieldReader nested(JsonNode value, String field) {
        return new FieldReader(value, path(field), errors);
    }

    /** A reader of another object at this reader's own path, with the same error list. */
    FieldReader sibling(JsonNode value) {
        return new FieldReader(value, prefix, errors);
    }

    /** Counts a failure seen by a nested reader, so {@link #failed()} covers nested fields too. */
    void absorb(FieldReader nested) {
        failures += nested.failures;
    }

    private static String range(double min, double max) {
        if (min == -Double.MAX_VALUE && max == Double.MAX_VALUE) {
            return "";
        }
        if (max == Double.MAX_VALUE) {
            return " of at least " + min;
        }
        return " from " + min + " to " + max;
    }

    static String quoted(String v) {
        return "'" + (v.length() <= 40 ? v : v.substring(0, 40) + "...") + "'";
    }

    /** A value quoted in an error, cut short: the answer must not echo a huge hostile input. */
    static String brief(JsonNode v) {
        String text = v.toString();
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
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
