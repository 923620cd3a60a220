package org.mentorpulse.analytics.risk;

import java.time.Duration;
import java.time.LocalDate;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.mentorpulse.analytics.event.InteractionEvent;

/**
 * Per match (keyed by match id): folds events into {@link MatchContactState} and, at the end of every day in
 * event time, emits that day's risk row.
 *
 * <p>The daily evaluation is an event-time timer, not a reaction to the match's own events: a match that goes
 * silent produces no events, yet its days keep being evaluated because the watermark, driven by every other
 * match's events, keeps passing midnight. A quiet partition must not hold that clock back, which is why the
 * source declares idleness (see {@code EngagementRiskJob}).
 *
 * <p>When a bounded input ends, Flink advances the watermark to the end of time and fires every pending timer.
 * That is "the data ended", not "time passed", so no row is emitted for days nobody has observed.
 */
public class CommitmentRiskFunction extends KeyedProcessFunction<String, InteractionEvent, MatchRiskRow> {
    private static final long serialVersionUID = 1L;
    static final long DAY_MS = Duration.ofDays(1).toMillis();

    private final StallPolicy policy;
    private transient ValueState<MatchContactState> contact;
    private transient ValueState<Long> nextEvaluation;

    public CommitmentRiskFunction(StallPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void open(OpenContext openContext) {
        contact = getRuntimeContext().getState(new ValueStateDescriptor<>("contact", MatchContactState.class));
        nextEvaluation = getRuntimeContext().getState(new ValueStateDescriptor<>("next-evaluation", Long.class));
    }

    @Override
    public void processElement(InteractionEvent event, Context ctx, Collector<MatchRiskRow> out) throws Exception {
        MatchContactState state = contact.value();
        if (state == null) {
            state = new MatchContactState();
        }
        state.apply(event);
        contact.update(state);
        if (nextEvaluation.value() == null) {
            // The first evaluation is the midnight after the match's first event; if the watermark is already
            // past it (replaying history), the timers catch up day by day.
            long firstMidnight = Math.floorDiv(event.eventTime, DAY_MS) * DAY_MS + DAY_MS;
            ctx.timerService().registerEventTimeTimer(firstMidnight);
            nextEvaluation.update(firstMidnight);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MatchRiskRow> out) throws Exception {
        if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
            nextEvaluation.clear();
            return;
        }
        MatchContactState state = contact.value();
        LocalDate endedDay = LocalDate.ofEpochDay(timestamp / DAY_MS - 1);
        out.collect(state.evaluate(endedDay, policy));
        long next = timestamp + DAY_MS;
        ctx.timerService().registerEventTimeTimer(next);
        nextEvaluation.update(next);
    }
}
