package org.mentorpulse.schema;

import java.nio.ByteBuffer;

/**
 * Clock ticks in the canonical log: a record in every partition of {@link Topics#EVENTS}, written periodically
 * by the deduplicator, that says "event time has reached T". They are not events (no envelope, no Avro): a
 * header marks them, and every reader of the log skips them except the analytics job, whose watermarks they
 * move.
 *
 * <p>Why they exist: the job's event-time clock is the least of its partitions' clocks. A partition that only
 * holds old events (few keys hash to it, or none lately) would hold every match's evaluation back, and when
 * all partitions are quiet (a night, a weekend) no day would ever end. A tick in every partition, carrying the
 * newest event time seen anywhere plus the quiet time since, keeps all partitions level and lets days pass
 * without events. Being in the log, the ticks are replayed too, so a replay sees the clock the live run saw.
 */
public final class LogClock {
    /** The header that marks a tick; its value is irrelevant. */
    public static final String HEADER = "mp-clock";
    /** The record key of ticks. */
    public static final String KEY = "mentorpulse/clock";

    private LogClock() {}

    public static byte[] encode(long eventTimeMillis) {
        return ByteBuffer.allocate(Long.BYTES).putLong(eventTimeMillis).array();
    }

    public static long decode(byte[] value) {
        if (value == null || value.length != Long.BYTES) {
            throw new IllegalArgumentException("a clock tick holds 8 bytes, not " + (value == null ? 0 : value.length));
        }
        return ByteBuffer.wrap(value).getLong();
    }
}
