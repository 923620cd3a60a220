package org.mentorpulse.analytics.engagement;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Local days of a time zone as epoch-day numbers, with daylight-saving days of 23 or 25 hours handled.
 *
 * <p>Every evaluated match-day asks for several day boundaries, and java.time answers each by walking the zone's
 * transitions and allocating on the way: that was a large share of an evaluation. The starts of days are kept per
 * zone instead ({@link ZoneDays}), in blocks of {@value #BLOCK} days filled on first use, for the days of 1970 to
 * the 2190s; a day outside them (a year-9999 timestamp, say) is computed as before. Code that asks many questions
 * about one zone holds its {@link ZoneDays} ({@link #in}) and skips the look-up of the zone each time.
 */
public final class LocalDays {
    private static final int BLOCK_BITS = 9;
    static final int BLOCK = 1 << BLOCK_BITS;
    private static final int BLOCKS = 160;
    static final int CACHED_DAYS = BLOCKS * BLOCK;
    private static final long DAY_MS = 86_400_000L;
    private static final Map<ZoneId, ZoneDays> ZONES = new ConcurrentHashMap<>();

    private LocalDays() {}

    /** The days of one zone; one shared instance per zone. */
    public static ZoneDays in(ZoneId zone) {
        ZoneDays days = ZONES.get(zone);
        return days != null ? days : ZONES.computeIfAbsent(zone, ZoneDays::new);
    }

    /** The local day (days since 1970-01-01) on which the instant falls in the zone. */
    public static int of(long epochMillis, ZoneId zone) {
        return in(zone).of(epochMillis);
    }

    /** The instant (epoch millis) at which the local day begins in the zone. */
    public static long startOf(int epochDay, ZoneId zone) {
        return in(zone).startOf(epochDay);
    }

    /** The instant at which the local day ends (the next day's start), exclusive. */
    public static long endOf(int epochDay, ZoneId zone) {
        return in(zone).startOf(epochDay + 1);
    }

    static long computeStartOf(int epochDay, ZoneId zone) {
        return LocalDate.ofEpochDay(epochDay).atStartOfDay(zone).toInstant().toEpochMilli();
    }

    /** The local hour of day (0-23) of the instant in the zone. */
    public static int hourOf(long epochMillis, ZoneId zone) {
        int offsetSeconds = zone.getRules().getOffset(Instant.ofEpochMilli(epochMillis)).getTotalSeconds();
        return (int) (Math.floorMod(Math.floorDiv(epochMillis, 1000L) + offsetSeconds, 86_400L) / 3600);
    }

    /** The local days of one zone, with the starts of its days cached. Safe to share between threads. */
    public static final class ZoneDays {
        private final ZoneId zone;
        /** blocks of day starts; a block is published whole through the atomic array, never half-filled */
        private final AtomicReferenceArray<long[]> blocks = new AtomicReferenceArray<>(BLOCKS);

        private ZoneDays(ZoneId zone) {
            this.zone = zone;
        }

        public ZoneId zone() {
            return zone;
        }

        /** The local day on which the instant falls. */
        public int of(long epochMillis) {
            long utcDay = Math.floorDiv(epochMillis, DAY_MS);
            if (utcDay >= 1 && utcDay < CACHED_DAYS - 1) {
                // offsets lie within a day of UTC, so the local day is the UTC day or one of its neighbours
                int d = (int) utcDay;
                if (epochMillis >= startOf(d + 1)) {
                    return d + 1;
                }
                return epochMillis < startOf(d) ? d - 1 : d;
            }
            int offsetSeconds = zone.getRules().getOffset(Instant.ofEpochMilli(epochMillis)).getTotalSeconds();
            return (int) Math.floorDiv(Math.floorDiv(epochMillis, 1000L) + offsetSeconds, 86_400L);
        }

        /** The instant at which the local day begins. */
        public long startOf(int epochDay) {
            if (epochDay < 0 || epochDay >= CACHED_DAYS) {
                return computeStartOf(epochDay, zone);
            }
            int block = epochDay >>> BLOCK_BITS;
            long[] starts = blocks.get(block);
            if (starts == null) {
                starts = new long[BLOCK];
                int first = block << BLOCK_BITS;
                for (int i = 0; i < BLOCK; i++) {
                    starts[i] = computeStartOf(first + i, zone);
                }
                // two threads may fill the same block; both arrays hold the same values
                blocks.set(block, starts);
            }
            return starts[epochDay & (BLOCK - 1)];
        }

        /** The instant at which the local day ends (the next day's start), exclusive. */
        public long endOf(int epochDay) {
            return startOf(epochDay + 1);
        }
    }
}
