package org.mentorpulse.ingestion.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.mentorpulse.schema.MentorPulseEvent;

/**
 * The fast path takes nothing the tree path refuses, and what it takes is the record the tree path makes: on the
 * samples of the catalogue mutated as {@link HostileInputProperties} mutates them. Each mutated event is read as
 * the first of a batch, and the event after it must be read whole, wherever the fast path gave up.
 */
class PlainEventReaderProperties {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant RECEIVED = Instant.parse("2026-04-02T00:00:00Z");
    private static final ObjectNode NEXT = HostileInputPropertiesSamples.first();
    private final EventValidator validator = new EventValidator();

    @Property(tries = 3000, seed = Seeds.FIXED)
    void whatThePlainPathTakesTheTreePathTakesAsTheSameRecord(@ForAll("mutatedEvents") JsonNode event)
            throws IOException {
        // the tree path reads the same text: a tree written out can read back otherwise (NaN becomes "NaN")
        ValidationResult tree = validator.validate(JSON.readTree(JSON.writeValueAsBytes(event)), RECEIVED);
        byte[] batch = JSON.writeValueAsBytes(JSON.createArrayNode().add(event).add(NEXT));
        try (JsonParser p = JSON.createParser(batch)) {
            p.nextToken();
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            ValidationResult plain = accept(EventValidator.readPlainlyValid(p));
            Statistics.collect(tree.isAccepted() ? "tree: accepted" : "tree: refused",
                    plain != null ? "plain: accepted" : "plain: left to the tree");
            if (plain != null) {
                assertThat(tree.errors()).isEmpty();
                assertThat(plain.event()).isEqualTo(tree.event());
            }
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            assertThat(accept(EventValidator.readPlainlyValid(p))).isNotNull()
                    .isEqualTo(validator.validate(NEXT, RECEIVED));
            assertThat(p.nextToken()).isEqualTo(JsonToken.END_ARRAY);
        }
    }

    private ValidationResult accept(MentorPulseEvent plain) {
        return plain == null ? null : validator.acceptPlain(plain, RECEIVED);
    }

    @Provide
    Arbitrary<JsonNode> mutatedEvents() {
        return new HostileInputProperties().mutatedEvents();
    }

    /** The first sample of the catalogue, read once. */
    private static final class HostileInputPropertiesSamples {
        static ObjectNode first() {
            try {
                return CatalogueValidationTest.samples().get(0);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
