package org.mentorpulse.analytics.event;

import java.io.IOException;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.mentorpulse.schema.EventCodec;
import org.mentorpulse.schema.LogClock;

/**
 * Reads the canonical log's Avro single-object records, and its clock ticks ({@link LogClock}), which become
 * {@link InteractionEvent#clock} records that only move watermarks. The deduplicator already dead-letters
 * anything that is not a valid event, so a record that fails here means the log itself is corrupt: the job
 * stops with the partition and offset instead of skipping data silently.
 */
public final class InteractionEventDeserializer implements KafkaRecordDeserializationSchema<InteractionEvent> {
    private static final long serialVersionUID = 1L;

    private final Duration outOfOrderness;
    /** per source reader: the partitions it reads; rebuilt from the records after a restart */
    private transient LogWatermarks watermarks;

    /** @param outOfOrderness the job's watermark bound, so each record carries its partition's watermark */
    public InteractionEventDeserializer(Duration outOfOrderness) {
        this.outOfOrderness = outOfOrderness;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<InteractionEvent> out)
            throws IOException {
        if (watermarks == null) {
            watermarks = new LogWatermarks(outOfOrderness);
        }
        try {
            InteractionEvent event = record.headers().lastHeader(LogClock.HEADER) != null
                    ? InteractionEvent.clock(LogClock.decode(record.value()))
                    : InteractionEvent.from(EventCodec.decode(record.value()));
            out.collect(watermarks.stamp(record.partition(), event));
        } catch (IOException | RuntimeException e) {
            throw new IOException("undecodable record in " + record.topic() + "-" + record.partition() + " at offset "
                    + record.offset() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public TypeInformation<InteractionEvent> getProducedType() {
        return TypeInformation.of(InteractionEvent.class);
    }
}
