package org.mentorpulse.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;
import org.mentorpulse.schema.events.MessageSent;

/**
 * Guards the log's compatibility: the Kafka topics keep records written by every released schema, so today's
 * reader must resolve each of them (Avro's own checker decides), and a schema change must be released as a new
 * version file before it ships.
 */
class SchemaEvolutionTest {

    private static final Schema CURRENT = MentorPulseEvent.getClassSchema();

    @Test
    void everyReleasedVersionCanBeReadByTheCurrentSchema() {
        List<Schema> released = EventCodec.releasedSchemas();
        assertThat(released).hasSizeGreaterThanOrEqualTo(2);
        for (int i = 0; i < released.size(); i++) {
            var result = SchemaCompatibility.checkReaderWriterCompatibility(CURRENT, released.get(i));
            assertThat(result.getType())
                    .as("current schema reading data written by v%d: %s", i + 1, result.getResult().getIncompatibilities())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @Test
    void theCurrentSchemaIsTheLatestReleasedVersion() {
        List<Schema> released = EventCodec.releasedSchemas();
        Schema latest = released.get(released.size() - 1);
        assertThat(SchemaNormalization.parsingFingerprint64(CURRENT))
                .as("the envelope schema changed: copy MentorPulseEvent.getClassSchema() to "
                        + "released/MentorPulseEvent.v%d.avsc so the change is checked and readable later",
                        released.size() + 1)
                .isEqualTo(SchemaNormalization.parsingFingerprint64(latest));
    }

    @Test
    void theCheckerCatchesABreakingChange() {
        // a required field added without a default: old records cannot fill it
        List<Schema.Field> fields = new java.util.ArrayList<>();
        CURRENT.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field("tenant", Schema.create(Schema.Type.STRING)));
        Schema broken = Schema.createRecord(CURRENT.getName(), null, CURRENT.getNamespace(), false, fields);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(broken, CURRENT).getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    @Test
    void aRecordWrittenWithVersionOneIsDecodedByTodaysClasses() throws Exception {
        Schema v1 = EventCodec.releasedSchemas().get(0);
        Schema messageV1 = v1.getField("data").schema().getTypes().stream()
                .filter(s -> s.getName().equals("MessageSent")).findFirst().orElseThrow();
        GenericRecord data = new GenericData.Record(messageV1);
        data.put("match_id", "m-1");
        data.put("sender_id", "p-1");
        data.put("channel", new GenericData.EnumSymbol(messageV1.getField("channel").schema(), "chat"));
        GenericRecord event = new GenericData.Record(v1);
        event.put("id", "e-1");
        event.put("source", "/test");
        event.put("type", EventTypes.MESSAGE_SENT);
        event.put("time", 1_700_000_000_000L);
        event.put("received_time", 1_700_000_001_000L);
        event.put("subject", "m-1");
        event.put("data", data);
        ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(event);
        byte[] array = new byte[bytes.remaining()];
        bytes.get(array);

        assertThat(SchemaNormalization.parsingFingerprint64(v1))
                .isNotEqualTo(SchemaNormalization.parsingFingerprint64(CURRENT));
        MentorPulseEvent decoded = EventCodec.decode(array);
        assertThat(decoded.getData()).isInstanceOf(MessageSent.class);
        assertThat(((MessageSent) decoded.getData()).getSenderId()).isEqualTo("p-1");
        assertThat(decoded.getTime().toEpochMilli()).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void theCatalogueHasEveryTypeOfTheSpecificationAndTheConstantsMatchIt() throws Exception {
        // the 16 of SPEC section 3, and the program managers' three actions on alerts (issue 10)
        assertThat(EventCatalogue.types()).hasSize(19).contains("org.mentorpulse.alert.acknowledged",
                "org.mentorpulse.alert.snoozed", "org.mentorpulse.alert.annotated");
        for (var field : EventTypes.class.getFields()) {
            assertThat(EventCatalogue.types()).contains((String) field.get(null));
        }
        assertThat(EventTypes.class.getFields()).hasSize(19);
    }
}
