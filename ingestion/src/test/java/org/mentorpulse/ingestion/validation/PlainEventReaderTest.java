package org.mentorpulse.ingestion.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mentorpulse.schema.MentorPulseEvent;

/**
 * The fast path of validation against the tree path: the same record for every type of the catalogue, and the
 * event handed to the tree path whenever something is not plain, with the parser on the next event either way.
 */
class PlainEventReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant RECEIVED = Instant.parse("2026-04-02T00:00:00Z");
    private final EventValidator validator = new EventValidator();

    @Test
    void everySampleOfTheCatalogueIsReadPlainlyIntoTheRecordTheTreePathMakes() throws Exception {
        List<ObjectNode> samples = CatalogueValidationTest.samples();
        List<MentorPulseEvent> plain = readBatch(JSON.writeValueAsString(samples));
        assertThat(plain).hasSize(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            MentorPulseEvent fromTree = validator.validate(samples.get(i), RECEIVED).event();
            assertThat(plain.get(i)).as(samples.get(i).get("type").asText()).isNotNull().isEqualTo(fromTree);
        }
    }

    @Test
    void aRepeatedAttributeOrDataBeforeTypeIsLeftToTheTreePath() throws Exception {
        String message = "\"specversion\":\"1.0\",\"source\":\"/s\",\"time\":\"2026-03-02T09:30:00Z\","
                + "\"type\":\"org.mentorpulse.message.sent\"";
        String data = "\"data\":{\"match_id\":\"m-1\",\"sender_id\":\"p-1\",\"channel\":\"email\"}";
        List<MentorPulseEvent> read = readBatch("[{\"id\":\"a\",\"id\":\"b\"," + message + "," + data + "},"
                + "{\"id\":\"c\"," + data + "," + message + "},"
                + "{\"id\":\"d\"," + message + "," + data + "}]");
        assertThat(read).extracting(e -> e == null ? null : e.getId()).containsExactly(null, null, "d");
        // the tree path takes data before type
        assertThat(validator.validate(JSON.readTree("{\"id\":\"c\"," + data + "," + message + "}"), RECEIVED)
                .isAccepted()).isTrue();
    }

    @Test
    void givingUpInsideANestedListLeavesTheParserOnTheNextEvent() throws Exception {
        ObjectNode ana = CatalogueValidationTest.samples().get(0);
        ObjectNode broken = ana.deepCopy();
        ((ObjectNode) broken.get("data").get("external_identities").get(0)).put("external_id", 42);
        broken.put("after", "[{\"not\": \"read\"}]");
        List<MentorPulseEvent> read = readBatch(JSON.writeValueAsString(List.of(broken, ana)));
        assertThat(read).hasSize(2);
        assertThat(read.get(0)).isNull();
        assertThat(read.get(1)).isEqualTo(validator.validate(ana, RECEIVED).event());
        assertThat(validator.validate(broken, RECEIVED).errors()).extracting(FieldError::field)
                .containsExactly("data.external_identities[0].external_id");
    }

    @Test
    void anEventOutsideTheTimeWindowIsLeftToTheTreePathWhichSaysWhy() throws Exception {
        ObjectNode future = CatalogueValidationTest.samples().get(0).deepCopy().put("time", "9999-01-01T00:00:00Z");
        List<MentorPulseEvent> read = readBatch("[" + JSON.writeValueAsString(future) + "]");
        assertThat(read).hasSize(1);
        assertThat(read.get(0)).isNull();
        assertThat(validator.validate(future, RECEIVED).errors()).extracting(FieldError::field).containsExactly("time");
    }

    /** Each element of a batch through the fast path, as ingestion reads it: the event, or null for the tree path. */
    private List<MentorPulseEvent> readBatch(String batch) throws IOException {
        List<MentorPulseEvent> events = new ArrayList<>();
        try (JsonParser p = JSON.createParser(batch.getBytes(StandardCharsets.UTF_8))) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.START_OBJECT) {
                MentorPulseEvent plain = EventValidator.readPlainlyValid(p);
                assertThat(p.currentToken()).isEqualTo(JsonToken.END_OBJECT);
                ValidationResult accepted = plain == null ? null : validator.acceptPlain(plain, RECEIVED);
                events.add(accepted == null ? null : accepted.event());
            }
            assertThat(p.currentToken()).isEqualTo(JsonToken.END_ARRAY);
        }
        return events;
    }
}
