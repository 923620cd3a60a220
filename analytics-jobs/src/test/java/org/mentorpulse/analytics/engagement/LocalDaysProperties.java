package org.mentorpulse.analytics.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The cached day boundaries agree with java.time everywhere: in zones with daylight saving at midnight, half-hour
 * shifts, offsets of up to 14 hours, a day skipped altogether (Samoa, 30 December 2011), and outside the cached
 * years. The seed is fixed, so every run tries the same instants.
 */
class LocalDaysProperties {
    private static final String SEED = "20261206";

    @Provide
    Arbitrary<ZoneId> zones() {
        return Arbitraries.of("UTC", "Europe/London", "America/New_York", "America/Sao_Paulo", "Asia/Kolkata",
                "Australia/Lord_Howe", "Pacific/Apia", "Pacific/Kiritimati", "Pacific/Niue", "Africa/Casablanca",
                "America/Havana", "Asia/Tehran").map(ZoneId::of);
    }

    @Property(tries = 5000, seed = SEED)
    void theLocalDayOfAnInstantIsJavaTimes(@ForAll @LongRange(min = -2_000_000_000_000L,
            max = 8_000_000_000_000L) long epochMillis, @ForAll("zones") ZoneId zone) {
        assertThat(LocalDays.of(epochMillis, zone))
                .isEqualTo((int) LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), zone).toEpochDay());
    }

    @Property(tries = 5000, seed = SEED)
    void theStartOfADayIsJavaTimes(@ForAll @IntRange(min = -5_000, max = LocalDays.CACHED_DAYS + 5_000) int day,
            @ForAll("zones") ZoneId zone) {
        assertThat(LocalDays.startOf(day, zone))
                .isEqualTo(LocalDate.ofEpochDay(day).atStartOfDay(zone).toInstant().toEpochMilli());
    }

    @Example
    void instantsAroundEveryBoundaryOfADaySkippedOrShortenedFallOnTheirLocalDay() {
        for (String name : new String[] {"Pacific/Apia", "America/Sao_Paulo", "America/New_York"}) {
            ZoneId zone = ZoneId.of(name);
            for (int day = (int) LocalDate.of(2011, 1, 1).toEpochDay(); day < LocalDate.of(2019, 1, 1).toEpochDay();
                    day++) {
                long start = LocalDays.startOf(day, zone);
                for (long t : new long[] {start - 1, start, start + 1}) {
                    assertThat(LocalDays.of(t, zone)).as("%s at %s", name, Instant.ofEpochMilli(t))
                            .isEqualTo((int) LocalDate.ofInstant(Instant.ofEpochMilli(t), zone).toEpochDay());
                }
            }
        }
    }

    @Example
    void aYear9999TimestampIsComputedNotLookedUp() {
        long farFuture = Instant.parse("9999-12-31T23:59:59Z").toEpochMilli();
        ZoneId zone = ZoneId.of("Europe/London");
        assertThat(LocalDays.of(farFuture, zone)).isEqualTo((int) LocalDate.of(9999, 12, 31).toEpochDay());
        assertThat(LocalDays.startOf((int) LocalDate.of(9999, 12, 31).toEpochDay(), zone))
                .isEqualTo(Instant.parse("9999-12-31T00:00:00Z").toEpochMilli());
    }
}
