package org.mentorpulse.analytics.daily;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.mentorpulse.analytics.engagement.EngagementCalculator;
import org.mentorpulse.analytics.engagement.LocalDays;
import org.mentorpulse.analytics.engagement.MatchDay;
import org.mentorpulse.analytics.engagement.MatchHistory;
import org.mentorpulse.analytics.event.InteractionEvent;
import org.mentorpulse.analytics.event.LogWatermarks;
import org.mentorpulse.analytics.late.LateEvent;
import org.mentorpulse.analytics.outcomes.MatchOutcome;
import org.mentorpulse.analytics.risk.RiskModel;
import org.mentorpulse.schema.EventTypes;

/**
 * Per match (keyed by match id): keeps the match's {@link MatchHistory} and emits one {@link MatchDay} (metrics
 * and risk) for every local day the watermark passes, in the match's time zone.
 *
 * <p><b>Silence is found by timers, not by events.</b> Each match has one event-time timer at the end of its
 * next unevaluated local day (in a bounded replay, of the week after it: see {@link #REPLAY_DAYS_PER_TIMER}). A
 * match that goes quiet produces no events, yet its days keep being evaluated, and it is flagged stalled, because
 * the watermark (moved by every other match's events, and by the clock ticks the deduplicator writes to every
 * partition of the log; see {@code EngagementRiskJob.watermarks}) keeps passing its midnights.
 *
 * <p><b>Late events correct what they change, within the allowed lateness.</b> An event for a day already
 * evaluated re-emits that day and every evaluated day after it; the newer rows replace the older ones in
 * ClickHouse (higher version). Days that ended more than the allowed lateness before the watermark are closed:
 * an event older than that is still applied to the match (so later days are right), but the closed days are not
 * rewritten, and the event goes to the {@link #LATE} side output with the first day that was corrected. That
 * bounds the cost of a straggler to the allowed lateness in rows, and says exactly which rows are stale; a
 * bounded replay of the log (backfill) rewrites them.
 *
 * <p><b>A match first seen behind the watermark</b> (a program imported after others) is evaluated at once
 * from its first open day up to the watermark; its later-arriving history then corrects those rows.
 *
 * <p><b>An ended match stops costing.</b> When the latest status change completes or closes a match, it gets
 * one {@code ended} row on that day and none after. Its state is kept {@code retainEnded} longer (at least the
 * allowed lateness) for late corrections; then state and timers are cleared and only a marker remains; events
 * for it after that go to the side output, and so do those the log read after that moment though this operator's
 * timer has not fired yet. If a late event reveals an end before days already evaluated, those days get
 * tombstones ({@link MatchDay#deleted}), closed days too, so the tables hold what a replay would write.
 *
 * <p><b>The rows do not depend on when the watermark comes</b> ({@code DailyMatchEvaluationProperties}): what is
 * late, closed or cleared is judged by the log's watermark carried with each event and by instants, never by the
 * match's zone at the moment (a zone can be learned late), and a fact that changes days already written (a zone,
 * a party's zone, an end) rewrites all of them.
 *
 * <p>When a bounded input ends, Flink advances the watermark to the end of time and fires every pending timer.
 * That means "the data ended", not "time passed", so no row is emitted for days nobody has observed.
 */
public class DailyMatchEvaluation extends KeyedProcessFunction<String, InteractionEvent, MatchDay> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<LateEvent> LATE = new OutputTag<>("late-events") {};
    /** Events that could not be processed, as dead letters (see {@link InteractionEvent#unprocessable}). */
    public static final OutputTag<InteractionEvent> UNPROCESSABLE = new OutputTag<>("unprocessable-events") {};
    /**
     * The match's outcome for the research data ({@link MatchOutcome}): after every batch of rows written for the
     * match, and when its status changes (see {@link #emitOutcome}).
     */
    public static final OutputTag<MatchOutcome> OUTCOMES = new OutputTag<>("match-outcomes") {};
    static final String COMPONENT = "mentorpulse-analytics-daily-evaluation";
    /** "no day": below any real day, above integer overflow when a day or two is subtracted */
    private static final int NO_DAY = Integer.MIN_VALUE / 2;
    /**
     * How many days a replay's match evaluates at a time. Live, each day is evaluated as soon as it ends, since the
     * alerts wait for it. A replay alerts nobody, and a day's row is the same whenever it is computed (only what
     * happened before the day's end counts), so a replay's match wakes once a week and evaluates the week: a
     * seventh of the timers and state look-ups, and a match's history read once for seven days while it is in the
     * processor's caches rather than once a day after every other match has pushed it out.
     */
    static final int REPLAY_DAYS_PER_TIMER = 7;
    /** How long corrections may wait for the watermark before they are written anyway. */
    static final long FLUSH_MS = 500;

    private final RiskModel riskModel;
    private final long allowedLatenessMs;
    private final long retainEndedMs;
    /**
     * A bounded replay's clock at the end of its log (see {@link #evaluatingThrough}); null when the input is
     * unbounded.
     */
    private final Long logEnd;

    /**
     * Everything kept per match, in one state entry: an event or a timer looks it up once, rather than once for
     * each of its parts (those look-ups were a tenth of a replay's time).
     */
    private transient ValueState<MatchState> state;
    private transient Counter lateEvents;
    private transient Counter eventsForClearedMatches;
    private transient Counter rowsCorrected;
    private transient Counter unprocessable;
    private transient long lastVersion;
    /** the latest row emitted, and how many rows were, in the batch being written (see {@link #emitOutcome}) */
    private transient MatchDay lastEmitted;
    private transient int emittedInBatch;
    /**
     * the timer being handled fired at the end of a bounded input, or clears an ended match's state: a replay
     * writes outcomes then (see {@link #emitOutcome})
     */
    private transient boolean inputEnded;

    public DailyMatchEvaluation(RiskModel riskModel, Duration allowedLateness) {
        this(riskModel, allowedLateness, allowedLateness.plusDays(1));
    }

    public DailyMatchEvaluation(RiskModel riskModel, Duration allowedLateness, Duration retainEnded) {
        this(riskModel, allowedLateness, retainEnded, null);
    }

    /**
     * @param logEnd for a bounded replay, the watermark its log ends at (the least, over the log's partitions, of
     *     each partition's greatest record time less the out-of-orderness: {@code LogEnd}): every day that ended
     *     by then is evaluated, and no later one; null for an unbounded input
     */
    public DailyMatchEvaluation(RiskModel riskModel, Duration allowedLateness, Duration retainEnded, Long logEnd) {
        if (retainEnded.compareTo(allowedLateness) < 0) {
            throw new IllegalArgumentException("ended matches must be kept at least as long as the allowed lateness");
        }
        this.riskModel = riskModel;
        this.allowedLatenessMs = allowedLateness.toMillis();
        this.retainEndedMs = retainEnded.toMillis();
        this.logEnd = logEnd;
    }

    /**
     * The watermark days are evaluated by. Live, the operator's own. In a bounded replay, never beyond the log's
     * end, and exactly that once the input is over: the operator's watermark is the least over its input channels,
     * and how far it gets before the end of input depends on which source subtask reads its last record last, so
     * the last days a replay evaluated would otherwise differ from run to run (and after a restart from a
     * checkpoint).
     */
    private long evaluatingThrough(long watermark) {
        return logEnd == null ? watermark : Math.min(watermark, logEnd);
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("match", MatchState.class));
        lateEvents = getRuntimeContext().getMetricGroup().counter("lateEventsBeyondAllowedLateness");
        eventsForClearedMatches = getRuntimeContext().getMetricGroup().counter("eventsForClearedMatches");
        rowsCorrected = getRuntimeContext().getMetricGroup().counter("rowsCorrected");
        unprocessable = getRuntimeContext().getMetricGroup().counter("unprocessableEvents");
    }

    @Override
    public void processElement(InteractionEvent event, Context ctx, Collector<MatchDay> out) throws Exception {
        MatchState s = state.value();
        if (s == null) {
            s = new MatchState();
        }
        try {
            process(event, ctx, out, s);
        } catch (RuntimeException e) {
            // one event must not stop the job (a restart would read it again, and fail again): it is set aside
            // with the reason; the match's state keeps what was applied before the failure
            unprocessable.inc();
            ctx.output(UNPROCESSABLE, InteractionEvent.unprocessable(event, COMPONENT, e));
        } finally {
            if (s.history != null) {
                state.update(s);
            }
        }
    }

    private void process(InteractionEvent event, Context ctx, Collector<MatchDay> out, MatchState s)
            throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        if (s.cleared) {
            eventsForClearedMatches.inc();
            ctx.output(LATE, LateEvent.of(event, watermark, NO_DAY, LateEvent.MATCH_STATE_CLEARED));
            return;
        }
        MatchHistory h = s.history;
        if (h == null) {
            h = new MatchHistory();
        }
        boolean known = h.hasEvents();
        long judgedBy = judgingWatermark(event, watermark);
        if (known && clearedBy(h, judgedBy)) {
            // The log had passed the time this ended match's state is cleared at, though this operator's timer
            // has not fired yet: the event is treated as the timer would have it treated, so that whether a
            // reopening weeks after the end counts does not depend on when the operator's watermark came.
            eventsForClearedMatches.inc();
            ctx.output(LATE, LateEvent.of(event, watermark, NO_DAY, LateEvent.MATCH_STATE_CLEARED));
            return;
        }
        LocalDays.ZoneDays daysBefore = h.days();
        int startBefore = known ? daysBefore.of(h.startedAt()) : NO_DAY;
        boolean directoryFact = event.is(EventTypes.PARTICIPANT_REGISTERED);
        ZoneId mentorZoneBefore = directoryFact ? h.mentorZone() : null;
        ZoneId menteeZoneBefore = directoryFact ? h.menteeZone() : null;
        if (!h.apply(event)) {
            return;
        }
        if (!h.hasEvents()) {
            s.history = h;
            return; // e.g. only a registration so far: nothing to evaluate yet
        }
        LocalDays.ZoneDays days = h.days();
        long closedUntil = closedUntil(judgedBy);
        int firstOpen = firstOpenDay(closedUntil, days);
        int eventDay = days.of(event.eventTime);
        if (!directoryFact && event.eventTime < closedUntil) {
            // Recorded by instant, whatever the day it falls on in the match's zone now: the zone may be learned
            // later, and then the days closed to the event must be the same as if it had been known all along.
            h.closeDaysTo(event, closedUntil);
        }
        if (!directoryFact && eventDay < firstOpen) {
            lateEvents.inc();
            ctx.output(LATE, LateEvent.of(event, judgedBy, firstOpen, LateEvent.BEYOND_ALLOWED_LATENESS));
        }
        s.history = h;
        if (known && !days.zone().equals(daysBefore.zone())) {
            // rare (once per match, when its people's zones arrive after its first days): every day's boundaries
            // moved, so redo them all now; the days closed to a late event still skip it (MatchHistory.closedTo)
            catchUp(ctx, out, s, days, evaluatingThrough(watermark), firstOpen, days.of(h.startedAt()), startBefore);
            s.dirtyFrom = null;
            return;
        }
        int from = Math.max(eventDay, firstOpen);
        if (directoryFact) {
            if (s.evaluatedThrough == null || Objects.equals(mentorZoneBefore, h.mentorZone())
                    && Objects.equals(menteeZoneBefore, h.menteeZone())) {
                return;
            }
            // Each party's off-hours are judged in its own zone on every day, as the match's days are in the
            // match's zone: a party's zone learned after days were written redoes them all, the closed ones too,
            // so that the rows do not depend on whether the days were written before the registration came.
            from = days.of(h.startedAt());
        } else if (event.is(EventTypes.MATCH_STATUS_CHANGED)) {
            s.outcomeChanged = true;
            Long endedAt = h.endedBy(Long.MAX_VALUE);
            int passed = lastPassedDay(evaluatingThrough(judgedBy), days);
            if (endedAt != null && passed > days.of(endedAt)) {
                s.passedWhenEndRead = s.passedWhenEndRead == null ? passed : Math.max(s.passedWhenEndRead, passed);
            }
        } else {
            Integer through = s.evaluatedThrough;
            if (through != null && from > through && s.dailyTimer != null) {
                // The usual event: about a day not evaluated yet, of a match whose next day already has its timer.
                // Nothing written needs correcting, and that timer evaluates the day with this event in it; a
                // timer per event (most of them in a replay) would only find nothing to do.
                return;
            }
        }
        // Corrections wait a moment: a burst of late events for one match (a nightly sync, a program imported
        // behind the watermark) then rewrites each open day once, not once per event. They are written at the
        // next watermark advance, or after FLUSH_MS of processing time if event time stands still (a quiet
        // live source), whichever comes first.
        Integer dirty = s.dirtyFrom;
        s.dirtyFrom = dirty == null ? from : Math.min(dirty, from);
        ctx.timerService().registerEventTimeTimer(watermark == Long.MAX_VALUE ? watermark : watermark + 1);
        if (logEnd == null) {
            // a replay's event time never stands still: it advances with the log, then ends
            long now = ctx.timerService().currentProcessingTime();
            ctx.timerService().registerProcessingTimeTimer(now - now % FLUSH_MS + FLUSH_MS);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MatchDay> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        inputEnded = watermark == Long.MAX_VALUE;
        MatchState s = state.value();
        if (s == null) {
            return;
        }
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME && s.dailyTimer != null && s.dailyTimer == timestamp
                && timestamp != Long.MAX_VALUE) {
            // it has fired, so it is no longer queued: setting the next day's must not look for it to delete it.
            // Not the end-of-input timer: catching up sets that one again, and a timer set at the end of time
            // while the end of time is being processed fires again at once, for ever.
            s.dailyTimer = null;
        }
        if (s.clearTimer != null && s.clearTimer == timestamp && watermark != Long.MAX_VALUE) {
            MatchHistory ended = s.history;
            if (logEnd != null && ended != null && ended.hasEvents()) {
                // a replay's outcome waits for the end of input, or for this: the last moment the match is known
                inputEnded = true;
                emittedInBatch = 0;
                emitOutcome(ctx, s, s.evaluatedThrough);
                inputEnded = false;
            }
            MatchState marker = new MatchState();
            marker.cleared = true;
            state.update(marker);
            return;
        }
        MatchHistory h = s.history;
        if (h == null || !h.hasEvents()) {
            return;
        }
        LocalDays.ZoneDays days = h.days();
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME && s.dirtyFrom == null) {
            return; // the corrections were written at a watermark advance already
        }
        if (watermark == Long.MAX_VALUE && logEnd == null) {
            // the bounded input ended: write the pending corrections, but evaluate no day nobody observed
            flushCorrections(ctx, out, s, days);
            state.update(s);
            return;
        }
        long through = evaluatingThrough(watermark);
        catchUp(ctx, out, s, days, through, firstOpenDay(closedUntil(through), days), s.dirtyFrom, null);
        s.dirtyFrom = null;
        if (inputEnded && logEnd != null) {
            // A bounded replay's input is over and this match's rows and outcome are written: nothing can change
            // them now. Kept, its history would only be serialized into the checkpoint Flink takes as the job
            // finishes (every match's, for a checkpoint the replay deletes when it is done); a timer still queued
            // for it finds no state and does nothing.
            state.clear();
            return;
        }
        state.update(s);
    }

    /**
     * The end was learned late: every day after it goes, the closed ones too. A match has no days after its end (an
     * end is a fact of the log, like a zone), and whether a day after it had been evaluated before the end arrived
     * depends on when the watermark came; what is left must not. So this withdraws the days this run evaluated,
     * and also every day the log's watermark had passed when the end was read: a run killed after its last
     * checkpoint may have written those before it read the end, and no run can have gone further (the operator's
     * watermark is the least over its channels, the end's among them). The run resumed from the checkpoint must
     * withdraw them though its own watermark may not have got as far.
     */
    private void withdrawDaysAfterEnd(Collector<MatchDay> out, MatchState s, LocalDays.ZoneDays days, int lastDay) {
        int through = Math.max(s.evaluatedThrough == null ? NO_DAY : s.evaluatedThrough,
                s.passedWhenEndRead == null ? NO_DAY : s.passedWhenEndRead);
        s.passedWhenEndRead = null;
        if (lastDay == Integer.MAX_VALUE) {
            return; // not ended (any more)
        }
        MatchHistory h = s.history;
        for (int day = Math.max(lastDay + 1, days.of(h.startedAt())); day <= through; day++) {
            emit(out, MatchDay.deletion(h.matchId, h.programId, h.cohortId, day));
        }
    }

    /**
     * The days a match's start fell on in the zones it was or may have been counted in before (the zone it had until
     * a change just now; UTC while none of its people's zones had reached it; the mentor's while only the mentor's
     * had) are withdrawn if they come before its first day now: with its first rows in this run, and again whenever
     * a zone learned since makes it redo them all. A run killed after its checkpoint may have written such a day
     * before a registration came, and the run resumed from that checkpoint, which learned the zones in another
     * order, would otherwise never know it. A tombstone on a day that has no row changes nothing.
     *
     * @param startInOldZone the first day as counted before a zone change just now; null if none
     */
    private void withdrawDaysBeforeStart(Collector<MatchDay> out, MatchHistory h, int startDay,
            Integer startInOldZone) {
        long start = h.startedAt();
        int earliest = Math.min(startDay, LocalDays.of(start, ZoneOffset.UTC));
        if (h.mentorZone() != null) {
            earliest = Math.min(earliest, LocalDays.of(start, h.mentorZone()));
        }
        if (startInOldZone != null) {
            earliest = Math.min(earliest, startInOldZone);
        }
        for (int day = earliest; day < startDay; day++) {
            emit(out, MatchDay.deletion(h.matchId, h.programId, h.cohortId, day));
        }
    }

    private void flushCorrections(Context ctx, Collector<MatchDay> out, MatchState s, LocalDays.ZoneDays days) {
        MatchHistory h = s.history;
        Integer dirty = s.dirtyFrom;
        Integer through = s.evaluatedThrough;
        emittedInBatch = 0;
        if (dirty != null && through != null) {
            Long endedAt = h.endedBy(Long.MAX_VALUE);
            int lastDay = endedAt == null ? Integer.MAX_VALUE : days.of(endedAt);
            for (int day = Math.max(dirty, days.of(h.startedAt())); day <= through; day++) {
                emit(out, day > lastDay ? MatchDay.deletion(h.matchId, h.programId, h.cohortId, day) : evaluate(h, day));
            }
        }
        emitOutcome(ctx, s, through);
        s.dirtyFrom = null;
    }

    /**
     * Brings the match's rows up to date: re-emits the evaluated days from {@code redoFrom} on, withdraws days
     * that must no longer exist, evaluates the days the watermark has passed, and sets the timers for what comes
     * next.
     *
     * @param redoFrom the first evaluated day to re-emit (already no earlier than the first open day when the
     *     change arrived); null if none
     * @param startInOldZone non-null when the match's zone just changed: the first day as counted before
     */
    private void catchUp(Context ctx, Collector<MatchDay> out, MatchState s, LocalDays.ZoneDays days,
            long watermark, int firstOpen, Integer redoFrom, Integer startInOldZone) {
        MatchHistory h = s.history;
        int startDay = days.of(h.startedAt());
        Long endedAt = h.endedBy(Long.MAX_VALUE);
        int lastDay = endedAt == null ? Integer.MAX_VALUE : days.of(endedAt);
        int target = Math.min(lastPassedDay(watermark, days), lastDay);
        Integer through = s.evaluatedThrough;
        if (through != null && startInOldZone == null) {
            // After a restart the watermark starts over, behind the days the checkpoint says were written. Those
            // rows are out there: they are redone when corrected, and withdrawn when they must go, as the run
            // before the restart would have done, rather than forgotten until the watermark catches up. (A zone
            // change is left as it is: it withdraws every day not over by the watermark, and the days come back
            // as the watermark passes them, whenever that is.)
            target = Math.max(target, Math.min(through, lastDay));
        }
        emittedInBatch = 0;
        if (through != null && startInOldZone != null) {
            // every day's boundaries moved: withdraw the days that no longer exist (not yet over in the new zone;
            // those before the first day just below), redo the others
            for (int day = Math.max(startInOldZone, startDay); day <= through; day++) {
                if (day > target) {
                    emit(out, MatchDay.deletion(h.matchId, h.programId, h.cohortId, day));
                }
            }
        }
        if (through == null || startInOldZone != null || redoFrom != null && redoFrom <= startDay) {
            // the first rows of this run, or every row redone since a zone was learned
            withdrawDaysBeforeStart(out, h, startDay, startInOldZone);
        }
        if (through != null) {
            for (int day = Math.max(redoFrom == null ? Integer.MAX_VALUE : redoFrom, startDay);
                    day <= Math.min(through, target); day++) {
                emit(out, evaluate(h, day));
                rowsCorrected.inc();
            }
            through = Math.max(Math.min(through, target), startDay - 1);
        }
        if (startInOldZone == null) {
            withdrawDaysAfterEnd(out, s, days, lastDay); // before evaluatedThrough moves, below
        }
        // a new match starts at its first day, or at the first day that was open when its events arrived
        int from = through == null ? Math.max(startDay, redoFrom != null ? redoFrom : firstOpen) : through + 1;
        for (int day = from; day <= target; day++) {
            emit(out, evaluate(h, day));
        }
        int newThrough = Math.max(from - 1, target);
        s.evaluatedThrough = newThrough;
        emitOutcome(ctx, s, newThrough);

        Long wantDaily = newThrough >= lastDay ? null
                : days.endOf(Math.min(newThrough + (logEnd == null ? 1 : REPLAY_DAYS_PER_TIMER), lastDay));
        if (wantDaily != null && logEnd != null && wantDaily > logEnd) {
            // that day ends after the replay's log does and is never evaluated: what is left is the end of input
            wantDaily = Long.MAX_VALUE;
        }
        Long wantClear = newThrough >= lastDay ? clearAt(endedAt) : null;
        s.dailyTimer = reschedule(ctx, s.dailyTimer, wantDaily);
        s.clearTimer = reschedule(ctx, s.clearTimer, wantClear);
    }

    /** Whether an ended match's state is to be cleared by {@code watermark} (see {@link #clearAt}). */
    private boolean clearedBy(MatchHistory h, long watermark) {
        Long endedAt = h.endedBy(Long.MAX_VALUE);
        return endedAt != null && watermark != Long.MIN_VALUE && watermark >= clearAt(endedAt);
    }

    /**
     * When an ended match's state is cleared: {@code retainEnded} after its last day is over in any zone (a local
     * day ends at most two days after an instant in it). An instant, not the end of the local day, so that the
     * moment does not move when the match's zone is learned late.
     */
    private long clearAt(long endedAt) {
        return endedAt + 2 * 86_400_000L + retainEndedMs;
    }

    /** Moves an event-time timer from {@code current} to {@code wanted} (either may be null); returns wanted. */
    private static Long reschedule(Context ctx, Long current, Long wanted) {
        if (current != null && !current.equals(wanted)) {
            ctx.timerService().deleteEventTimeTimer(current);
        }
        if (wanted != null && !wanted.equals(current)) {
            ctx.timerService().registerEventTimeTimer(wanted);
        }
        return wanted;
    }

    private MatchDay evaluate(MatchHistory h, int day) {
        Integer fallbackCadence = riskModel.forProgram(h.programId).defaultMeetingEveryDays();
        MatchHistory seen = h.closedTo.isEmpty() ? h : h.asSeenByDayEnding(h.days().endOf(day));
        MatchDay d = EngagementCalculator.evaluate(seen, day, fallbackCadence);
        riskModel.assess(d);
        return d;
    }

    /**
     * Versions order the rows of one (match, day): the processing time in microseconds, never going backwards
     * within this task. Time rather than a count of events, so that a backfill written into the live tables
     * outranks the rows it corrects.
     */
    private void emit(Collector<MatchDay> out, MatchDay d) {
        d.version = nextVersion();
        out.collect(d);
        lastEmitted = d;
        emittedInBatch++;
    }

    /**
     * After a batch: the match's outcome, if the batch wrote a row or an event changed the match's status. It is
     * taken as of the match's latest evaluated day or, once the match has ended, as of the day it ended, even
     * before that day is over: the end is a fact of the log, so a live run and a bounded replay (which never sees
     * the last day pass) agree on it.
     */
    private void emitOutcome(Context ctx, MatchState s, Integer through) {
        MatchHistory h = s.history;
        boolean statusChanged = s.outcomeChanged;
        if (through == null || emittedInBatch == 0 && !statusChanged) {
            return;
        }
        LocalDays.ZoneDays days = h.days();
        Long endedAt = h.endedBy(Long.MAX_VALUE);
        if (logEnd != null && !inputEnded) {
            // A replay writes a match's outcome once, when its input ends or its state is cleared: each one before
            // would be replaced by the next (they were half of what a replay wrote), and taken at a moment that
            // depends on how the partitions interleave, they could miss an event of the match read just after.
            s.outcomeChanged = true;
            return;
        }
        int day = endedAt != null ? days.of(endedAt) : through;
        if (day < days.of(h.startedAt())) {
            return;
        }
        // a replay's outcome comes long after the match's last row, from a history that may have grown since
        MatchDay last = logEnd == null && lastEmitted != null && !lastEmitted.deleted && lastEmitted.day == day
                && h.matchId.equals(lastEmitted.matchId) ? lastEmitted : evaluate(h, day);
        MatchOutcome outcome = MatchOutcome.asOf(h, last);
        outcome.version = nextVersion();
        ctx.output(OUTCOMES, outcome);
        s.outcomeChanged = false;
    }

    /** The processing time in microseconds, never going backwards within this task (see {@link #emit}). */
    private long nextVersion() {
        lastVersion = Math.max(System.currentTimeMillis() * 1000, lastVersion + 1);
        return lastVersion;
    }

    /** The last local day that ended at or before the watermark. */
    static int lastPassedDay(long watermark, LocalDays.ZoneDays days) {
        if (watermark == Long.MIN_VALUE) {
            return NO_DAY;
        }
        return days.of(watermark) - 1;
    }

    /**
     * The watermark an event is judged by: the watermark of the log partition it was read from, as of that
     * record ({@link InteractionEvent#logWatermark}), a function of the log alone, so a replay judges every
     * event as the live run did. Flink's own watermark here is the least over this operator's input channels
     * and depends on thread scheduling; it is only the fallback for inputs that are not a partitioned log.
     */
    static long judgingWatermark(InteractionEvent event, long operatorWatermark) {
        return event.logWatermark != LogWatermarks.UNKNOWN ? event.logWatermark : operatorWatermark;
    }

    /** Days that ended at or before this instant are closed: {@code watermark} less the allowed lateness. */
    long closedUntil(long watermark) {
        if (watermark == Long.MIN_VALUE || watermark - allowedLatenessMs > watermark) {
            return Long.MIN_VALUE;
        }
        return watermark - allowedLatenessMs;
    }

    /** The first local day that may still be corrected: the first that ended after {@code closedUntil}. */
    static int firstOpenDay(long closedUntil, LocalDays.ZoneDays days) {
        if (closedUntil == Long.MIN_VALUE) {
            return NO_DAY;
        }
        return lastPassedDay(closedUntil, days) + 1;
    }
}
