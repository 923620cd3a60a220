package org.mentorpulse.analytics.rejected;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeadLetterDeserializerTest {

    @Test
    void readsAnIngestionLetterWithEveryTypedReason() {
        String letter = """
                {"rejected_by":"mentorpulse-ingestion","rejector_version":"0.1.0","rejected_at":"2026-03-02T10:00:00Z",
                 "sender":"platform","source":"/platform","id":"e-9","type":"org.mentorpulse.message.sent",
                 "errors":[{"field":"data.channel","code":"invalid_value","reason":"must be one of ..."},
                           {"field":"time","code":"missing","reason":"required field is missing"}],
                 "original_payload":"{\\"id\\":\\"e-9\\"}"}""";
        RejectedEvent row = DeadLetterDeserializer.read(letter.getBytes(StandardCharsets.UTF_8), 2, 41, 0);
        assertThat(row.rejectedAt).isEqualTo(java.time.Instant.parse("2026-03-02T10:00:00Z").toEpochMilli());
        assertThat(row.fields).containsExactly("data.channel", "time");
        assertThat(row.codes).containsExactly("invalid_value", "missing");
        assertThat(row.sender).isEqualTo("platform");
        assertThat(row.originalPayload).isEqualTo("{\"id\":\"e-9\"}");
        assertThat(row.dlqPartition).isEqualTo(2);
        assertThat(row.dlqOffset).isEqualTo(41);
    }

    @Test
    void anUnreadableLetterStillBecomesARowWithItsBytes() {
        RejectedEvent row = DeadLetterDeserializer.read("not json {".getBytes(StandardCharsets.UTF_8), 0, 7, 1234);
        assertThat(row.codes).containsExactly("malformed");
        assertThat(row.originalPayload).isEqualTo("not json {");
        assertThat(row.rejectedAt).isEqualTo(1234);
    }
}
