package org.mentorpulse.ingestion.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.apache.avro.Schema;
import org.mentorpulse.schema.EventCatalogue;

/**
 * Cuts a refused event down to what the catalogue knows before it is kept as a dead letter. Accepted events
 * lose unknown fields by construction (the Avro record has nowhere to put them); a refused event is kept as
 * received so it can be fixed and replayed, and without this step a sender's message text, chat body or
 * transcript would be stored in the dead-letter topic and the rejected-events table. What survives: the
 * CloudEvents attributes and the data fields named by the type's schema. The data of an unknown type, or data
 * that is not a JSON object, is replaced by a note.
 */
public final class ContentPruner {
    private static final Set<String> ATTRIBUTES = Set.of("specversion", "id", "source", "type", "time", "subject",
            "datacontenttype", "dataschema", "programid", "cohortid");
    public static final String DROPPED = "(dropped: not a known payload, so it may hold content)";

    private ContentPruner() {}

    public static JsonNode prune(JsonNode event) {
        if (event == null || !event.isObject()) {
            return event == null || event.isContainerNode() || event.isTextual()
                    ? JsonNodeFactory.instance.textNode(DROPPED) : event;
        }
        ObjectNode kept = JsonNodeFactory.instance.objectNode();
        event.properties().forEach(e -> {
            if (ATTRIBUTES.contains(e.getKey())) {
                kept.set(e.getKey(), e.getValue());
            }
        });
        JsonNode data = event.get("data");
        if (data != null) {
            Schema schema = event.path("type").isTextual()
                    ? EventCatalogue.payloadSchema(event.get("type").asText()).orElse(null) : null;
            kept.set("data", schema != null && data.isObject() ? pruneData(data, schema)
                    : data.isNull() ? data : JsonNodeFactory.instance.textNode(DROPPED));
        }
        return kept;
    }

    private static ObjectNode pruneData(JsonNode data, Schema schema) {
        ObjectNode kept = JsonNodeFactory.instance.objectNode();
        for (Schema.Field field : schema.getFields()) {
            JsonNode value = data.get(field.name());
            if (value != null) {
                kept.set(field.name(), value);
            }
        }
        return kept;
    }
}
