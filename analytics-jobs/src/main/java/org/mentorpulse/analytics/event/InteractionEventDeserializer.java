package org.mentorpulse.analytics.event;

import java.io.IOException;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.mentorpulse.schema.DeadLetter;
import org.mentorpulse.schema.LogClock;
import org.mentorpulse.schema.LogRecord;
import org.mentorpulse.schema.Topics;

/**
 * Reads the canonical log's Avro single-object records, and its clock ticks ({@link LogClock}), which become
 * {@link InteractionEvent#clock} records that only move watermarks. The deduplicator already dead-letters
 * anything that is not a valid event, so a record that fails here means the log itself is damaged: it becomes
 * an {@link InteractionEvent#undecodable} record, which the job writes to the dead-letter topic with its
 * partition, offset and reason, and reading goes on. Each record carries the partition it was read from, for
 * {@link LogWatermarkStamping}.
 */
public final class InteractionEventDeserializer implements KafkaRecordDeserializationSchema<InteractionEvent> {
    private static final long serialVersionUID = 1L;
    /** Who refused, in the dead letters of the analytics job. */
    public static final String COMPONENT = "mentorpulse-analytics";

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<InteractionEvent> out)
            throws IOException {
        try {
            LogRecord read = Topics.EVENT_LOG.value(record);
            InteractionEvent event = read instanceof LogRecord.Tick tick ? InteractionEvent.clock(tick.eventTime())
                    : InteractionEvent.from(((LogRecord.Event) read).event());
            event.logPartition = record.partition();
            out.collect(event);
        } catch (RuntimeException e) {
            // one bad record must not stop the job (a restart would read it again, and stop again): it goes to the
            // dead-letter topic with its position and reason, and the job reads on
            String where = record.topic() + "-" + record.partition() + " at offset " + record.offset();
            out.collect(InteractionEvent.undecodable(DeadLetter.ofRecord(COMPONENT, Instant.now(), record.value(),
                    new DeadLetter.Reason("$", DeadLetter.MALFORMED, "undecodable record in " + where + ": "
                            + e.getClass().getSimpleName() + ": " + e.getMessage()))));
        }
    }

    @Override
    public TypeInformation<InteractionEvent> getProducedType() {
        return TypeInformation.of(InteractionEvent.class);
    }
}
