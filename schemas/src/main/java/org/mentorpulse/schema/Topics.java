package org.mentorpulse.schema;

import java.io.IOException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final String RAW = "mentorpulse.events.raw";
    public static final String EVENTS = "mentorpulse.events";
    public static final String DEAD_LETTERS = "mentorpulse.events.dlq";
    /**
     * Vendor events waiting for identity resolution: JSON of ingestion's own {@code VendorEvent}, written and read
     * by ingestion alone (its format is ingestion's, so no serde is bound here).
     */
    public static final String PENDING_IDENTITY = "mentorpulse.ingest.pending";
    public static final String RISK = "mentorpulse.risk";
    public static final String ALERTS = "mentorpulse.alerts";
    public static final String DIRECTORY = "mentorpulse.directory";
    public static final String NOTIFICATIONS = "mentorpulse.notifications";
    public static final String DELIVERIES = "mentorpulse.deliveries";
    /**
     * Participants erased, as their ids (text), one copy on every partition: the alerting app's tasks each keep
     * the books of their own matches, and each must forget the person. Written and read by the alerting app;
     * short retention, since it holds the very ids it erases.
     */
    public static final String ERASURES = "mentorpulse.erasures";

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
            json(DeadLetter.class));

    /** Each match's risk on each day the analytics evaluate ({@link RiskChange}, JSON); compacted, by match. */
    public static final Topic<String, RiskChange> RISK_LOG = new Topic<>(RISK, Serdes.String(),
            json(RiskChange.class));

    /** Every transition of every alert ({@link AlertTransition}, JSON), by match. */
    public static final Topic<String, AlertTransition> ALERT_LOG = new Topic<>(ALERTS, Serdes.String(),
            json(AlertTransition.class));

    /** How to reach each participant ({@link Contact}, JSON), by participant; compacted, erasure deletes. */
    public static final Topic<String, Contact> DIRECTORY_LOG = new Topic<>(DIRECTORY, Serdes.String(),
            json(Contact.class));

    /** The messages the alerting app decided to send ({@link Notification}, JSON), by recipient. */
    public static final Topic<String, Notification> NOTIFICATION_LOG = new Topic<>(NOTIFICATIONS, Serdes.String(),
            json(Notification.class));

    /** What became of each notification on each channel ({@link Delivery}, JSON), by recipient. */
    public static final Topic<String, Delivery> DELIVERY_LOG = new Topic<>(DELIVERIES, Serdes.String(),
            json(Delivery.class));

    /**
     * JSON by Jackson, for the records that are the project's own rather than the public event contract (also
     * what the Streams apps keep in their state stores).
     */
    public static <T> Serde<T> json(Class<T> type) {
        return Serdes.serdeFrom((topic, value) -> {
            if (value == null) {
                return null; // a tombstone: on a compacted topic it deletes the key
            }
            try {
                return JSON.writeValueAsBytes(value);
            } catch (IOException e) {
                throw new SerializationException("cannot write a " + type.getSimpleName() + ": " + e.getMessage(), e);
            }
        }, (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                T value = JSON.readValue(bytes, type);
                if (value == null) {
                    throw new SerializationException("not a " + type.getSimpleName() + ": null");
                }
                return value;
            } catch (IOException e) {
                throw new SerializationException("not a " + type.getSimpleName() + ": " + e.getMessage(), e);
            }
        });
    }

    private Topics() {}
}
