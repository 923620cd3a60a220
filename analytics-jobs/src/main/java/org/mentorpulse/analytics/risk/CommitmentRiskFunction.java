package org.mentorpulse.analytics.risk;

import java.time.Duration;
import java.time.LocalDate;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
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
 * <p>Late data corrects what it changes: an event for a day that was already evaluated re-emits that day and
 * every evaluated day after it, with a higher version, so the newer row replaces the older one in ClickHouse.
 * A match first seen behind the watermark (a program imported after others) is evaluated at once up to the
 * watermark; its later-arriving history then corrects those rows. Bounding how late a correction may come
 * (allowed lateness) is still to do; until then every late event is applied.
 *
 * <p>A match that ends (completed, closed early) gets one {@code ended} row for the day it ended and no daily
 * rows after it. Its state is kept for {@code retainEnded} more days of event time, so late events can still
 * correct its last days; then state and timers are cleared and only a marker remains, and events for it after
 * that are counted and ignored (metric {@code eventsForClearedMatches}).
 *
 * <p>When a bounded input ends, Flink advances the watermark to the end of time and fires every pending timer.
 * That is "the data ended", not "time passed", so no row is emitted for days nobody has observed.
 */
public class CommitmentRiskFunction extends KeyedProcessFunction<String, InteractionEvent, MatchRiskRow> {
    private static final long serialVersionUID = 1L;
    static final long DAY_MS = Duration.ofDays(1).toMillis();

    private final StallPolicy policy;
    private final long retainEndedMs;
    private transient ValueState<MatchContactState> contact;
    private transient ValueState<Long> nextEvaluation;
    private transient ValueState<Long> clearAt;
    private transient ValueState<Boolean> cleared;
    private transient Counter eventsForClearedMatches;

    public CommitmentRiskFunction(StallPolicy policy) {
        this(policy, Duration.ofDays(14));
    }

    public CommitmentRiskFunction(StallPolicy policy, Duration retainEnded) {
        this.policy = policy;
        this.retainEndedMs = retainEnded.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        contact = getRuntimeContext().getState(new ValueStateDescriptor<>("contact", MatchContactState.class));
        nextEvaluation = getRuntimeContext().getState(new ValueStateDescriptor<>("next-evaluation", Long.class));
        clearAt = getRuntimeContext().getState(new ValueStateDescriptor<>("clear-at", Long.class));
        cleared = getRuntimeContext().getState(new ValueStateDescriptor<>("cleared", Boolean.class));
        eventsForClearedMatches = getRuntimeContext().getMetricGroup().counter("eventsForClearedMatches");
    }

    @Override
    public void processElement(InteractionEvent event, Context ctx, Collector<MatchRiskRow> out) throws Exception {
        if (Boolean.TRUE.equals(cleared.value())) {
            eventsForClearedMatches.inc();
            return;
        }
        MatchContactState state = contact.value();
        if (state == null) {
            state = new MatchContactState();
        }
        state.apply(event);
        contact.update(state);
        long watermark = ctx.timerService().currentWatermark();
        long eventDayEnd = midnightAfter(event.eventTime);
        Long next = nextEvaluation.value();
        if (next == null) {
            next = eventDayEnd;
            while (watermark != Long.MAX_VALUE && next <= watermark) {
                out.collect(state.evaluate(dayEndingAt(next), policy));
                next += DAY_MS;
            }
            ctx.timerService().registerEventTimeTimer(next);
            nextEvaluation.update(next);
        } else {
            // every midnight before `next` has been evaluated; re-evaluate those this event changes
            for (long midnight = eventDayEnd; midnight < next; midnight += DAY_MS) {
                out.collect(state.evaluate(dayEndingAt(midnight), policy));
            }
            Long clearTime = clearAt.value();
            if (clearTime != null && !state.hasEnded()) {
                // reopened before its state was cleared: back to daily evaluation
                ctx.timerService().deleteEventTimeTimer(clearTime);
                clearAt.clear();
                ctx.timerService().registerEventTimeTimer(next);
            }
        }
    }

    private static long midnightAfter(long time) {
        return Math.floorDiv(time, DAY_MS) * DAY_MS + DAY_MS;
    }

    private static LocalDate dayEndingAt(long midnight) {
        return LocalDate.ofEpochDay(midnight / DAY_MS - 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MatchRiskRow> out) throws Exception {
        if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
            nextEvaluation.clear();
            return;
        }
        Long clearTime = clearAt.value();
        if (clearTime != null && clearTime == timestamp) {
            contact.clear();
            nextEvaluation.clear();
            clearAt.clear();
            cleared.update(true);
            return;
        }
        MatchContactState state = contact.value();
        LocalDate day = dayEndingAt(timestamp);
        out.collect(state.evaluate(day, policy));
        if (state.endedBy(day)) {
            // the ended row is out: no more daily rows; keep the state a while for late corrections
            long clear = timestamp + retainEndedMs;
            ctx.timerService().registerEventTimeTimer(clear);
            clearAt.update(clear);
            nextEvaluation.update(timestamp + DAY_MS);
            return;
        }
        long next = timestamp + DAY_MS;
        ctx.timerService().registerEventTimeTimer(next);
        nextEvaluation.update(next);
    }
}
