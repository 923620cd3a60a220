package org.mentorpulse.ingestion.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.mentorpulse.schema.EventCatalogue;

/**
 * Throws malformed, oversized and hostile input at the validator: whatever arrives, it answers with field-level
 * errors (or accepts a valid event) and never throws. Mutations start from the shipped samples, so every type
 * of the catalogue is exercised.
 */
class HostileInputProperties {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant RECEIVED = Instant.parse("2026-04-02T00:00:00Z");
    private static final List<ObjectNode> SAMPLES = samples();
    private final EventValidator validator = new EventValidator();

    private static List<ObjectNode> samples() {
        try {
            return CatalogueValidationTest.samples();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Property(tries = 2000, seed = Seeds.FIXED)
    void anyMutationOfAValidEventIsAnsweredFieldByField(@ForAll("mutatedEvents") JsonNode event) {
        ValidationResult result = validator.validate(event, RECEIVED);
        if (result.isAccepted()) {
            assertThat(result.errors()).isEmpty();
            assertThat(EventCatalogue.types()).contains(result.event().getType());
        } else {
            assertThat(result.errors()).isNotEmpty().allSatisfy(error -> {
                assertThat(error.field()).isNotBlank();
                assertThat(error.code()).isNotNull();
                assertThat(error.reason()).isNotBlank().hasSizeLessThan(2000);
            });
        }
    }

    @Property(tries = 500, seed = Seeds.FIXED)
    void arbitraryJsonIsNeverAcceptedAndNeverCrashes(@ForAll("anyJson") JsonNode value) {
        ValidationResult result = validator.validate(value, RECEIVED);
        assertThat(result.isAccepted()).isFalse();
        assertThat(result.errors()).isNotEmpty();
    }

    @Provide
    Arbitrary<JsonNode> mutatedEvents() {
        Arbitrary<ObjectNode> sample = Arbitraries.of(SAMPLES).map(ObjectNode::deepCopy);
        Arbitrary<Tuple.Tuple3<Boolean, String, JsonNode>> mutation = Combinators.combine(
                Arbitraries.of(true, false),
                Arbitraries.strings().ofMaxLength(30).injectDuplicates(0.1)
                        .edgeCases(e -> e.add("match_id").add("time").add("type").add("channel").add("data")),
                hostileValues()).as(Tuple::of);
        return Combinators.combine(sample, mutation.list().ofMaxSize(6)).as((event, mutations) -> {
            for (var m : mutations) {
                ObjectNode target = m.get1() && event.get("data") instanceof ObjectNode data ? data : event;
                String field = m.get2().isEmpty() || !target.has(m.get2())
                        ? pickField(target, m.get2().length()) : m.get2();
                if (m.get3() == null) {
                    target.remove(field);
                } else {
                    target.set(field, m.get3());
                }
            }
            return event;
        });
    }

    private static String pickField(ObjectNode node, int seed) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names.isEmpty() ? "x" : names.get(seed % names.size());
    }

    /** null means "remove the field". */
    private Arbitrary<JsonNode> hostileValues() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.just(f.nullNode()),
                Arbitraries.strings().ofMaxLength(200).map(f::textNode),
                Arbitraries.strings().withChars("\u0000\u202e\ud83d\ude00'\"\\<>%{}").ofMaxLength(50).map(f::textNode),
                Arbitraries.strings().repeatChars(0.9).ofMinLength(10_000).ofMaxLength(100_000).map(f::textNode),
                Arbitraries.longs().map(f::numberNode),
                Arbitraries.doubles().map(f::numberNode),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -0.0, 1e308).map(f::numberNode),
                Arbitraries.of("2026-02-30T10:00:00Z", "2026-03-02T09:30:00", "0000-01-01T00:00:00Z", "9999-12-31",
                        "+275760-09-13T00:00:00Z", "Europe/Nowhere", "mentor", "video", "1.0").map(f::textNode),
                Arbitraries.of(true, false).map(f::booleanNode),
                anyJson());
    }

    @Provide
    Arbitrary<JsonNode> anyJson() {
        return Arbitraries.lazyOf(
                () -> Arbitraries.strings().ofMaxLength(20).map(JsonNodeFactory.instance::textNode),
                () -> Arbitraries.integers().map(JsonNodeFactory.instance::numberNode),
                () -> anyJson().list().ofMaxSize(4).map(items -> {
                    var array = JsonNodeFactory.instance.arrayNode();
                    items.forEach(array::add);
                    return array;
                }),
                () -> Combinators.combine(Arbitraries.strings().ofMaxLength(8), anyJson()).as((k, v) -> {
                    ObjectNode o = JsonNodeFactory.instance.objectNode();
                    o.set(k, v);
                    return (JsonNode) o;
                }));
    }
}
