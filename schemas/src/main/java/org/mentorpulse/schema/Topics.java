package org.mentorpulse.schema;

/**
 * Kafka topic names: a contract between ingestion, the Streams apps and the Flink jobs.
 *
 * <p>Ingestion appends what it accepted to {@link #RAW}; the deduplicator writes each (source, id) once to
 * {@link #EVENTS}, the log every analysis reads. What cannot be accepted or processed goes to
 * {@link #DEAD_LETTERS} with the reason.
 */
public final class Topics {
    public static final String RAW = "mentorpulse.events.raw";
    public static final String EVENTS = "mentorpulse.events";
    public static final String DEAD_LETTERS = "mentorpulse.events.dlq";
    /** Vendor events waiting for identity resolution (JSON); read by the resolver, never by analyses. */
    public static final String PENDING_IDENTITY = "mentorpulse.ingest.pending";

    private Topics() {}
}
