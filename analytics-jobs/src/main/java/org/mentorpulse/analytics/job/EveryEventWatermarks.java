package org.mentorpulse.analytics.job;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness, but the watermark moves with the records themselves rather than on a
 * processing-time tick. A bounded replay reads the whole log in seconds: with periodic watermarks it could
 * reach the end of input before the clock ever ticked, and every day would be left to the final
 * end-of-time watermark, which evaluates nothing (see DailyMatchEvaluation). Here each record moves the
 * watermark as far as it would have moved live, so the replay evaluates the same days.
 */
final class EveryEventWatermarks<T> implements WatermarkGenerator<T> {
    private final long bound;
    private long maxTimestamp = Long.MIN_VALUE;
    private long emitted = Long.MIN_VALUE;

    EveryEventWatermarks(Duration outOfOrderness) {
        this.bound = outOfOrderness.toMillis();
    }

    @Override
    public void onEvent(T event, long timestamp, WatermarkOutput output) {
        maxTimestamp = Math.max(maxTimestamp, timestamp);
        long watermark = maxTimestamp - bound - 1;
        // only when it moves to a later day: a watermark per record would cost more than it says
        if (Math.floorDiv(watermark, 86_400_000L) > Math.floorDiv(emitted, 86_400_000L)) {
            emitted = watermark;
            output.emitWatermark(new Watermark(watermark));
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (maxTimestamp != Long.MIN_VALUE && maxTimestamp - bound - 1 > emitted) {
            emitted = maxTimestamp - bound - 1;
            output.emitWatermark(new Watermark(emitted));
        }
    }
}
