package org.mentorpulse.analytics.rejected;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads the dead-letter topic's JSON records (from ingestion and from the deduplicator) into rows. A letter
 * that is itself unreadable still becomes a row, with its bytes as the payload: a dead letter must never be
 * lost a second time.
 */
public final class DeadLetterDeserializer implements KafkaRecordDeserializationSchema<RejectedEvent> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RejectedEvent> out) {
        out.collect(read(record.value(), record.partition(), record.offset(), record.timestamp()));
    }

    static RejectedEvent read(byte[] value, int partition, long offset, long recordTimestamp) {
        RejectedEvent row = new RejectedEvent();
        row.dlqPartition = partition;
        row.dlqOffset = offset;
        row.rejectedAt = recordTimestamp;
        String text = value == null ? "" : new String(value, StandardCharsets.UTF_8);
        JsonNode letter;
        try {
            letter = JSON.readTree(text);
        } catch (Exception e) {
            letter = null;
        }
        if (letter == null || !letter.isObject()) {
            row.rejectedBy = "unknown";
            row.fields.add("$");
            row.codes.add("malformed");
            row.reasons.add("the dead letter itself is not a JSON object");
            row.originalPayload = text;
            return row;
        }
        row.rejectedBy = letter.path("rejected_by").asText("unknown");
        row.rejectorVersion = letter.path("rejector_version").asText("");
        row.sender = letter.path("sender").asText("");
        row.source = letter.path("source").asText("");
        row.eventId = letter.path("id").asText("");
        row.eventType = letter.path("type").asText("");
        try {
            row.rejectedAt = Instant.parse(letter.path("rejected_at").asText()).toEpochMilli();
        } catch (DateTimeParseException e) {
            // keep the Kafka timestamp
        }
        for (JsonNode error : letter.path("errors")) {
            row.fields.add(error.path("field").asText(""));
            row.codes.add(error.path("code").asText("malformed"));
            row.reasons.add(error.path("reason").asText(""));
        }
        row.originalPayload = letter.has("original_payload") ? letter.get("original_payload").asText()
                : letter.path("original_payload_base64").asText("");
        return row;
    }

    @Override
    public TypeInformation<RejectedEvent> getProducedType() {
        return TypeInformation.of(RejectedEvent.class);
    }
}
