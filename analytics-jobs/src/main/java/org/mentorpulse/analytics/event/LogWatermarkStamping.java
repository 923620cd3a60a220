package org.mentorpulse.analytics.event;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

/**
 * Stamps each record read from the log with its partition's watermark as of that record ({@link LogWatermarks}),
 * right after the source and chained to it, and keeps each partition's newest event time in the job's checkpoints.
 *
 * <p>Why in checkpoints: a late event read just after a restart would otherwise be judged by the few records read
 * since, so it could correct days the run before the restart had closed to it (or the other way round), and the
 * tables would depend on where the restart fell. Kept as union state (a few numbers per partition), since which
 * subtask reads a partition may change when the job is rescaled; a partition's newest time only grows, so the
 * greatest restored value is its own.
 *
 * <p>It sets a field of the record it receives, against the rule the job's other operators keep (see
 * {@code EngagementRiskJob.configure}): it is the source's only consumer, so nothing else holds the record yet.
 */
public final class LogWatermarkStamping implements MapFunction<InteractionEvent, InteractionEvent>,
        CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private final Duration outOfOrderness;
    private transient LogWatermarks watermarks;
    private transient ListState<Tuple2<Integer, Long>> newestPerPartition;

    public LogWatermarkStamping(Duration outOfOrderness) {
        this.outOfOrderness = outOfOrderness;
    }

    @Override
    public InteractionEvent map(InteractionEvent event) {
        return event.logPartition == LogWatermarks.NO_PARTITION ? event
                : watermarks.stamp(event.logPartition, event);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        newestPerPartition = context.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>(
                "newest-event-time-per-partition", Types.TUPLE(Types.INT, Types.LONG)));
        watermarks = new LogWatermarks(outOfOrderness);
        for (Tuple2<Integer, Long> restored : newestPerPartition.get()) {
            watermarks.advance(restored.f0, restored.f1);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        List<Tuple2<Integer, Long>> newest = new ArrayList<>();
        watermarks.newestPerPartition().forEach((partition, time) -> newest.add(Tuple2.of(partition, time)));
        newestPerPartition.update(newest);
    }
}
