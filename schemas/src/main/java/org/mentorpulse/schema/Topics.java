package org.mentorpulse.schema;

import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The Kafka topics and how their records are written: a contract between ingestion, the Streams apps and the
 * Flink jobs. Each {@link Topic} binds a name to the serdes of its keys and values; writers and readers go
 * through them.
 *
 * <p>Ingestion appends what it accepted to {@link #RAW_LOG}; the deduplicator writes each (source, id) once to
 * {@link #EVENT_LOG}, the log every analysis reads, with its clock ticks. What cannot be accepted, processed or
 * written goes to {@link #DEAD_LETTER_LOG} with the reason. All are keyed by text: the match (so one match's
 * events stay in order on one partition), or what a dead letter is about.
 */
public final class Topics {
    public static final String RAW = "mentorpulse.events.raw";
    public static final String EVENTS = "mentorpulse.events";
    public static final String DEAD_LETTERS = "mentorpulse.events.dlq";
    /**
     * Vendor events waiting for identity resolution: JSON of ingestion's own {@code VendorEvent}, written and read
     * by ingestion alone (its format is ingestion's, so no serde is bound here).
     */
    public static final String PENDING_IDENTITY = "mentorpulse.ingest.pending";

    /** Accepted events as ingestion appended them, duplicates included: Avro single-object encoding. */
    public static final Topic<String, MentorPulseEvent> RAW_LOG = new Topic<>(RAW, Serdes.String(),
            Serdes.serdeFrom((topic, event) -> EventCodec.encodeToBytes(event), (topic, bytes) -> {
                try {
                    return EventCodec.decode(bytes);
                } catch (IOException | RuntimeException e) {
                    throw new SerializationException("not a MentorPulse Avro event: " + e.getMessage(), e);
                }
            }));

    /** The canonical log: each event once, and clock ticks ({@link LogRecord}). */
    public static final Topic<String, LogRecord> EVENT_LOG = new Topic<>(EVENTS, Serdes.String(),
            LogRecord.serde());

    /** What a stage refused, and why ({@link DeadLetter}, JSON). */
    public static final Topic<String, DeadLetter> DEAD_LETTER_LOG = new Topic<>(DEAD_LETTERS, Serdes.String(),
            deadLetters());

    private static Serde<DeadLetter> deadLetters() {
        return Serdes.serdeFrom((topic, letter) -> letter.toJson(), (topic, bytes) -> {
            try {
                return DeadLetter.fromJson(bytes);
            } catch (IOException e) {
                throw new SerializationException("not a dead letter: " + e.getMessage(), e);
            }
        });
    }

    private Topics() {}
}
