package org.mentorpulse.ingestion.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The fast path must agree with java.time on every input: same instant, or both refuse. */
class Rfc3339Properties {

    @Property(tries = 3000, seed = Seeds.FIXED)
    void agreesWithJavaTimeOnWellFormedTimestamps(
            @ForAll @LongRange(min = -62_000_000_000L, max = 250_000_000_000L) long epochSecond,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nanos,
            @ForAll @IntRange(min = -18 * 4, max = 18 * 4) int quarterHours) {
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(quarterHours * 900);
        OffsetDateTime t = Instant.ofEpochSecond(epochSecond, nanos).atOffset(offset);
        String text = t.toString();
        assertThat(Rfc3339.parse(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }

    @Property(tries = 3000, seed = Seeds.FIXED)
    void agreesWithJavaTimeOnAnyText(@ForAll("timestampLike") String text) {
        Instant expected;
        try {
            expected = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            expected = null;
        }
        Instant actual;
        try {
            actual = Rfc3339.parse(text);
        } catch (DateTimeParseException e) {
            actual = null;
        }
        assertThat(actual).isEqualTo(expected);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> timestampLike() {
        return net.jqwik.api.Arbitraries.strings().withChars("0123456789-:T.Z+z ").ofMinLength(18).ofMaxLength(32)
                .edgeCases(e -> e.add("2026-02-30T10:00:00Z").add("2026-03-02T24:00:00Z")
                        .add("2026-03-02T09:30:00.Z").add("2026-03-02T09:30:00+19:00"));
    }

    @Example
    void impossibleDatesAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Rfc3339.parse("2026-02-30T10:00:00Z"))
                .isInstanceOf(DateTimeParseException.class);
    }
}
