package org.mentorpulse.ingestion.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.mentorpulse.schema.EventCatalogue;

/**
 * Turns one CSV row of a per-type file into a structured CloudEvent, which then goes through the same
 * validation as everything else. Columns: the CloudEvents attributes {@code id}, {@code source}, {@code time},
 * optionally {@code subject}, {@code programid}, {@code cohortid}, and then the data fields by their names.
 * Values are typed by the Avro schema of the type (numbers, booleans); lists are separated by {@code ;}, maps
 * are {@code key=value;key=value}, external identities are {@code system:id;system:id}. A value that does not
 * convert is passed on as text, so the validator names the field and says what is wrong.
 */
public final class CsvEventReader {
    private static final Set<String> ATTRIBUTES = Set.of("id", "source", "time", "subject", "programid", "cohortid");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String type;
    private final Schema payload;

    public CsvEventReader(String type) {
        this.type = type;
        this.payload = EventCatalogue.payloadSchema(type).orElseThrow(() -> new IllegalArgumentException(
                "unknown event type '" + type + "'; known types: " + String.join(", ", EventCatalogue.types())));
    }

    /** The type a file holds, from its name: {@code message.sent.csv} or {@code org.mentorpulse.message.sent.csv}. */
    public static Optional<String> typeFromFileName(String fileName) {
        String base = fileName.replaceFirst("(?i)\\.csv$", "");
        for (String type : EventCatalogue.types()) {
            if (type.equals(base) || type.equals("org.mentorpulse." + base)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** Columns of the header that name neither an attribute nor a data field: worth a warning, not an error. */
    public List<String> unknownColumns(List<String> header) {
        return header.stream().filter(c -> !ATTRIBUTES.contains(c) && payload.getField(c) == null).toList();
    }

    public ObjectNode toEvent(Map<String, String> row) {
        ObjectNode event = JSON.objectNode().put("specversion", "1.0").put("type", type);
        ObjectNode data = event.putObject("data");
        row.forEach((column, raw) -> {
            if (raw == null || raw.isEmpty()) {
                return;
            }
            if (ATTRIBUTES.contains(column)) {
                event.put(column, raw);
                return;
            }
            Schema.Field field = payload.getField(column);
            if (field != null) {
                data.set(column, value(nonNull(field.schema()), raw));
            }
        });
        return event;
    }

    private static Schema nonNull(Schema schema) {
        return schema.isNullable() ? schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL)
                .findFirst().orElseThrow() : schema;
    }

    private static JsonNode value(Schema schema, String raw) {
        String text = raw.strip();
        try {
            switch (schema.getType()) {
                case INT:
                    return schema.getLogicalType() != null ? JSON.textNode(text) : JSON.numberNode(Long.parseLong(text));
                case DOUBLE:
                    return JSON.numberNode(Double.parseDouble(text));
                case BOOLEAN:
                    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                        return JSON.booleanNode(Boolean.parseBoolean(text.toLowerCase()));
                    }
                    return JSON.textNode(text);
                case ARRAY:
                    return array(schema.getElementType(), text);
                case MAP:
                    ObjectNode map = JSON.objectNode();
                    for (String pair : text.split(";")) {
                        int eq = pair.indexOf('=');
                        if (eq < 0) {
                            return JSON.textNode(text);
                        }
                        map.set(pair.substring(0, eq).strip(), value(schema.getValueType(), pair.substring(eq + 1)));
                    }
                    return map;
                default:
                    return JSON.textNode(text);
            }
        } catch (NumberFormatException e) {
            return JSON.textNode(text);
        }
    }

    private static JsonNode array(Schema items, String text) {
        ArrayNode array = JSON.arrayNode();
        for (String item : text.split(";")) {
            String part = item.strip();
            if (items.getType() == Schema.Type.RECORD) {
                // external identities: system:id (the id may itself hold colons, e.g. a URL)
                int colon = part.indexOf(':');
                ObjectNode record = array.addObject();
                if (colon > 0) {
                    record.put(items.getFields().get(0).name(), part.substring(0, colon));
                    record.put(items.getFields().get(1).name(), part.substring(colon + 1));
                } else {
                    record.put(items.getFields().get(0).name(), part);
                }
            } else {
                array.add(value(items, part));
            }
        }
        return array;
    }
}
