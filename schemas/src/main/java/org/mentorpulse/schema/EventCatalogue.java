package org.mentorpulse.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.avro.Schema;

/**
 * The public event catalogue (SPEC section 3) as the Avro schema defines it: each branch of the envelope's
 * {@code data} union is one event type, named by its {@code mp.type} property. Reading the catalogue from the
 * schema keeps one source of truth; adding a type to the schema adds it everywhere.
 */
public final class EventCatalogue {
    /** Schema property on a payload record naming its CloudEvents type. */
    public static final String TYPE_PROPERTY = "mp.type";

    private static final Map<String, Schema> PAYLOADS = readPayloads();

    private EventCatalogue() {}

    private static Map<String, Schema> readPayloads() {
        Map<String, Schema> byType = new LinkedHashMap<>();
        for (Schema branch : MentorPulseEvent.getClassSchema().getField("data").schema().getTypes()) {
            String type = branch.getProp(TYPE_PROPERTY);
            if (type == null) {
                throw new IllegalStateException(branch.getFullName() + " lacks the " + TYPE_PROPERTY + " property");
            }
            if (byType.put(type, branch) != null) {
                throw new IllegalStateException("two payload schemas claim the type " + type);
            }
        }
        return Collections.unmodifiableMap(byType);
    }

    /** The payload schema of a CloudEvents type, if the catalogue has it. */
    public static Optional<Schema> payloadSchema(String type) {
        return Optional.ofNullable(PAYLOADS.get(type));
    }

    public static SortedSet<String> types() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(PAYLOADS.keySet()));
    }

    /** The CloudEvents type of a payload record. */
    public static String typeOf(Schema payloadSchema) {
        return payloadSchema.getProp(TYPE_PROPERTY);
    }
}
