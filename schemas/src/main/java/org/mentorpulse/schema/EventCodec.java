package org.mentorpulse.schema;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificDatumWriter;

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
    /** The single-object encoding's header for today's schema: the marker C3 01, then its fingerprint. */
    private static final byte[] HEADER = header(MentorPulseEvent.getClassSchema());
    /** Safe to share: a datum writer keeps no state between writes. */
    private static final SpecificDatumWriter<MentorPulseEvent> WRITER =
            new SpecificDatumWriter<>(MentorPulseEvent.getClassSchema());
    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /** Per thread, the buffer a record is encoded into and the encoder over it, both reused. */
    private static final class Buffers {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        BinaryEncoder encoder;
    }

    private EventCodec() {}

    /**
     * Avro's single-object encoding (the same bytes as the generated {@code toByteBuffer}), written through a
     * buffered encoder. Avro's message encoder writes every
     * byte of a record separately into a synchronized stream, which made encoding a fifth of what ingestion's
     * request threads did; every record of the log is encoded here.
     */
    public static byte[] encodeToBytes(MentorPulseEvent event) {
        Buffers b = BUFFERS.get();
        b.out.reset();
        b.out.writeBytes(HEADER);
        b.encoder = EncoderFactory.get().binaryEncoder(b.out, b.encoder);
        try {
            WRITER.write(event, b.encoder);
            b.encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode " + event.getType() + " " + event.getId(), e);
        }
        return b.out.toByteArray();
    }

    private static byte[] header(Schema schema) {
        long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        byte[] header = new byte[10];
        header[0] = (byte) 0xC3;
        header[1] = (byte) 0x01;
        for (int i = 0; i < 8; i++) {
            header[2 + i] = (byte) (fingerprint >>> (8 * i)); // little-endian, as the specification has it
        }
        return header;
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
