package org.mentorpulse.ingestion.validation;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads a JSON payload into the generated Avro class of its event type, driven by the Avro schema itself: the
 * schema says which fields exist, which are required (no default, not nullable), their types and, through
 * {@code mp.*} field properties, their ranges and formats. So the catalogue is defined once, in {@code schemas/},
 * and a field added there is validated here without new code. Fields the schema does not know are never read,
 * which is how message text and other content are dropped at the door.
 */
final class PayloadReader {
    static final String MIN = "mp.min";
    static final String MAX = "mp.max";
    static final String MIN_ITEMS = "mp.minItems";
    static final String FORMAT = "mp.format";
    static final String MAX_LENGTH = "mp.maxLength";
    private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

    private PayloadReader() {}

    /**
     * What the schema says about one field, worked out once per schema rather than once per event: this is
     * the ingestion hot path.
     */
    record FieldPlan(Schema.Field field, String name, Schema type, boolean required, long min, long max,
            double minDouble, double maxDouble, int minItems, boolean timezone, int maxLength) {

        static FieldPlan of(Schema.Field field) {
            Schema type = field.schema();
            boolean required = true;
            if (type.isNullable()) {
                required = false;
                type = type.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElseThrow();
            }
            return new FieldPlan(field, field.name(), type, required, bound(field, MIN, Integer.MIN_VALUE),
                    bound(field, MAX, Integer.MAX_VALUE), boundDouble(field, MIN, -Double.MAX_VALUE),
                    boundDouble(field, MAX, Double.MAX_VALUE), (int) bound(field, MIN_ITEMS, 0),
                    "timezone".equals(field.getProp(FORMAT)), (int) bound(field, MAX_LENGTH, Integer.MAX_VALUE));
        }
    }

    private static final Map<Schema, List<FieldPlan>> PLANS = new ConcurrentHashMap<>();

    static List<FieldPlan> plan(Schema schema) {
        return PLANS.computeIfAbsent(schema, s -> s.getFields().stream().map(FieldPlan::of).toList());
    }

    /** The record, or null when any field was refused (the reasons are in the reader's error list). */
    static SpecificRecord read(Schema schema, FieldReader in) {
        List<FieldPlan> plan = plan(schema);
        Object[] values = new Object[plan.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = readField(plan.get(i), in);
        }
        return in.failed() ? null : record(schema, values);
    }

    /** The generated record of {@code schema} holding {@code values}, in the schema's field order. */
    static SpecificRecord record(Schema schema, Object[] values) {
        SpecificRecord record = (SpecificRecord) SpecificData.get().newRecord(null, schema);
        for (int i = 0; i < values.length; i++) {
            record.put(i, values[i]);
        }
        return record;
    }

    private static Object readField(FieldPlan f, FieldReader in) {
        Schema schema = f.type();
        boolean required = f.required();
        String name = f.name();
        return switch (schema.getType()) {
            case STRING -> {
                String v = in.string(name, required);
                if (v != null && f.timezone() && !isZone(v)) {
                    in.reject(name, RejectionCode.INVALID_VALUE, "must be an IANA time zone such as Europe/Berlin, not "
                            + FieldReader.quoted(v));
                    yield null;
                }
                if (v != null && v.length() > f.maxLength()) {
                    in.reject(name, RejectionCode.INVALID_VALUE, "must be at most " + f.maxLength()
                            + " characters, not " + v.length());
                    yield null;
                }
                yield v;
            }
            case ENUM -> enumValue(schema, in.enumSymbol(name, schema.getEnumSymbols(), required));
            case BOOLEAN -> in.bool(name, required);
            case INT -> schema.getLogicalType() instanceof LogicalTypes.Date
                    ? in.date(name, required)
                    : in.integer(name, required, f.min(), f.max());
            case LONG -> {
                if (!(schema.getLogicalType() instanceof LogicalTypes.TimestampMillis)) {
                    throw unsupported(f.field());
                }
                yield in.timestamp(name, required);
            }
            case DOUBLE -> in.number(name, required, f.minDouble(), f.maxDouble());
            case ARRAY -> arrayValue(f.field(), schema.getElementType(), f.minItems(), in);
            case MAP -> {
                if (schema.getValueType().getType() != Schema.Type.DOUBLE) {
                    throw unsupported(f.field());
                }
                yield in.numberMap(name);
            }
            default -> throw unsupported(f.field());
        };
    }

    private static List<Object> arrayValue(Schema.Field field, Schema items, int minItems, FieldReader in) {
        return in.list(field.name(), minItems, (item, path) -> {
            // the item is read as the only field of a holder object, so its errors carry the item's full path
            FieldReader itemReader = in.sibling(JsonNodeFactory.instance.objectNode().set(path, item));
            Object value = switch (items.getType()) {
                case STRING -> itemReader.string(path, true);
                case ENUM -> enumValue(items, itemReader.enumSymbol(path, items.getEnumSymbols(), true));
                case RECORD -> {
                    if (!item.isObject()) {
                        itemReader.reject(path, RejectionCode.WRONG_TYPE, "must be an object, not " + FieldReader.kind(item));
                        yield null;
                    }
                    FieldReader recordReader = in.nested(item, path);
                    SpecificRecord record = read(items, recordReader);
                    in.absorb(recordReader);
                    yield record;
                }
                default -> throw unsupported(field);
            };
            in.absorb(itemReader);
            return value;
        });
    }

    static boolean isZone(String id) {
        return ZONES.contains(id);
    }

    static Object enumValue(Schema enumSchema, String symbol) {
        return symbol == null ? null : SpecificData.get().createEnum(symbol, enumSchema);
    }

    private static long bound(Schema.Field field, String property, long fallback) {
        Object v = field.getObjectProp(property);
        return v instanceof Number n ? n.longValue() : fallback;
    }

    private static double boundDouble(Schema.Field field, String property, double fallback) {
        Object v = field.getObjectProp(property);
        return v instanceof Number n ? n.doubleValue() : fallback;
    }

    private static IllegalStateException unsupported(Schema.Field field) {
        return new IllegalStateException("the validator cannot read field " + field.name() + " of type "
                + field.schema() + "; teach PayloadReader this type");
    }
}
