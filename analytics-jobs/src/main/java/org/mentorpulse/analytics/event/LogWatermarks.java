package org.mentorpulse.analytics.event;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The watermark of each partition of the log, as of each record read from it: the newest event time read from
 * that partition so far (clock ticks and the record itself included), less the out-of-orderness bound, exactly
 * as Flink's bounded out-of-orderness generator would compute it for that partition alone.
 *
 * <p>Why the job needs it besides Flink's own watermark: whether an event is beyond the allowed lateness must be
 * a function of the log, so that a replay decides it exactly as the live run did. Flink's watermark at a keyed
 * operator is the least over its input channels, and when it gets there depends on thread scheduling; the
 * partition's watermark as of a record depends only on the records before it in that partition, and one match's
 * events all live in one partition (the log is keyed by match). The value is carried with the record
 * ({@link InteractionEvent#logWatermark}) to the operators that judge lateness.
 *
 * <p>Plain Java; {@link LogWatermarkStamping} keeps it in the job's checkpoints, so that after a restart the first
 * records read again are judged as the run before the restart judged them.
 */
public final class LogWatermarks {
    /** No record of the partition read yet. */
    public static final long UNKNOWN = Long.MIN_VALUE;
    /** A record that was not read from a partitioned log ({@link InteractionEvent#logPartition}). */
    public static final int NO_PARTITION = -1;

    private final long boundMillis;
    private final Map<Integer, Long> newestPerPartition = new HashMap<>();

    public LogWatermarks(Duration outOfOrderness) {
        this.boundMillis = outOfOrderness.toMillis();
    }

    /** Reads one more record of {@code partition}: returns that partition's watermark as of this record. */
    public long advance(int partition, long eventTime) {
        long newest = newestPerPartition.merge(partition, eventTime, Math::max);
        // the subtraction must not wrap around for times near Long.MIN_VALUE
        return newest < Long.MIN_VALUE + boundMillis + 1 ? UNKNOWN : newest - boundMillis - 1;
    }

    /** Stamps the event with its partition's watermark and returns it. */
    public InteractionEvent stamp(int partition, InteractionEvent event) {
        event.logWatermark = advance(partition, event.eventTime);
        return event;
    }

    /** The newest event time read from each partition so far. */
    public Map<Integer, Long> newestPerPartition() {
        return Map.copyOf(newestPerPartition);
    }
}
