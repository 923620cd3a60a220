package org.mentorpulse.analytics.rejected;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.mentorpulse.schema.DeadLetter;
import org.mentorpulse.schema.Topics;

/**
 * Reads the dead-letter topic's records ({@link DeadLetter}, whichever stage wrote them) into rows. A letter
 * that is itself unreadable still becomes a row, with its bytes as the payload: a dead letter must never be
 * lost a second time.
 */
public final class DeadLetterDeserializer implements KafkaRecordDeserializationSchema<RejectedEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RejectedEvent> out) {
        out.collect(read(record.value(), record.partition(), record.offset(), record.timestamp()));
    }

    static RejectedEvent read(byte[] value, int partition, long offset, long recordTimestamp) {
        RejectedEvent row = new RejectedEvent();
        row.dlqPartition = partition;
        row.dlqOffset = offset;
        row.rejectedAt = recordTimestamp;
        DeadLetter letter;
        try {
            letter = Topics.DEAD_LETTER_LOG.value(null, value == null ? new byte[0] : value);
        } catch (RuntimeException e) {
            row.rejectedBy = "unknown";
            row.fields.add("$");
            row.codes.add(DeadLetter.MALFORMED);
            row.reasons.add("the dead letter itself is not a JSON object");
            row.originalPayload = value == null ? "" : new String(value, StandardCharsets.UTF_8);
            return row;
        }
        row.rejectedBy = orEmpty(letter.rejectedBy(), "unknown");
        row.rejectorVersion = orEmpty(letter.rejectorVersion(), "");
        row.sender = orEmpty(letter.sender(), "");
        row.source = orEmpty(letter.source(), "");
        row.eventId = orEmpty(letter.id(), "");
        row.eventType = orEmpty(letter.type(), "");
        try {
            row.rejectedAt = Instant.parse(letter.rejectedAt()).toEpochMilli();
        } catch (DateTimeParseException | NullPointerException e) {
            // keep the Kafka timestamp
        }
        for (DeadLetter.Reason reason : letter.errors() == null ? List.<DeadLetter.Reason>of() : letter.errors()) {
            row.fields.add(orEmpty(reason.field(), ""));
            row.codes.add(orEmpty(reason.code(), DeadLetter.MALFORMED));
            row.reasons.add(orEmpty(reason.reason(), ""));
        }
        row.originalPayload = orEmpty(letter.originalPayload(), "");
        return row;
    }

    private static String orEmpty(String value, String otherwise) {
        return value == null ? otherwise : value;
    }

    @Override
    public TypeInformation<RejectedEvent> getProducedType() {
        return TypeInformation.of(RejectedEvent.class);
    }
}
