package org.mentorpulse.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.SchemaStore;

/**
 * Encodes and decodes log records: Avro single-object encoding, whose 10-byte header carries the writer
 * schema's fingerprint. Every released version of the envelope schema ships in this jar
 * ({@code released/MentorPulseEvent.vN.avsc}) and is registered in a schema store, so records written by any
 * released version are read with today's classes (Avro resolves old writer to new reader). A registry is not
 * needed for that: the schemas are few, change with the code, and travel in the same jar as their readers.
 */
public final class EventCodec {
    private static final String RELEASED = "released/MentorPulseEvent.v%d.avsc";
    private static final List<Schema> RELEASED_SCHEMAS = loadReleased();
    private static final BinaryMessageDecoder<MentorPulseEvent> DECODER = decoder();

    private EventCodec() {}

    public static ByteBuffer encode(MentorPulseEvent event) {
        try {
            return event.toByteBuffer();
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode " + event.getType() + " " + event.getId(), e);
        }
    }

    public static byte[] encodeToBytes(MentorPulseEvent event) {
        ByteBuffer buffer = encode(event);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    /** Decodes a record written with any released schema version; throws if the writer schema is unknown. */
    public static MentorPulseEvent decode(byte[] bytes) throws IOException {
        return DECODER.decode(bytes);
    }

    /** The released envelope schemas, oldest first. */
    public static List<Schema> releasedSchemas() {
        return RELEASED_SCHEMAS;
    }

    private static BinaryMessageDecoder<MentorPulseEvent> decoder() {
        SchemaStore.Cache store = new SchemaStore.Cache();
        RELEASED_SCHEMAS.forEach(store::addSchema);
        BinaryMessageDecoder<MentorPulseEvent> decoder = MentorPulseEvent.createDecoder(store);
        // the current schema too, so an unreleased build can still read what it wrote itself
        decoder.addSchema(MentorPulseEvent.getClassSchema());
        return decoder;
    }

    private static List<Schema> loadReleased() {
        List<Schema> schemas = new ArrayList<>();
        for (int version = 1; ; version++) {
            try (InputStream in = EventCodec.class.getResourceAsStream(String.format(RELEASED, version))) {
                if (in == null) {
                    return Collections.unmodifiableList(schemas);
                }
                schemas.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read released schema version " + version, e);
            }
        }
    }
}
