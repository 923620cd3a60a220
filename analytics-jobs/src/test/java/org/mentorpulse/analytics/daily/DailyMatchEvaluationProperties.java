package org.mentorpulse.analytics.daily;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.mentorpulse.analytics.config.AnalyticsSettings;
import org.mentorpulse.analytics.engagement.MatchDay;
import org.mentorpulse.analytics.event.InteractionEvent;
import org.mentorpulse.analytics.testing.MatchDays;
import org.mentorpulse.analytics.testing.RandomMatches;
import org.mentorpulse.schema.EventTypes;

/**
 * A live run's rows do not depend on when the operator's watermark arrives: the same log, read with the watermark
 * advancing at random moments (never past the watermark the log itself had reached at the record being read, as
 * Flink's least-over-the-channels watermark never is) and with the processing-time flushes firing at random, ends
 * with the table a run that saw every event before any watermark ends with. "The table" is what ClickHouse shows
 * under FINAL: for each day the last row written, unless that was a tombstone.
 *
 * <p>One limit is left out: a participant's fact is not delivered after a status change of the match that the log
 * has before it. The order of the two is not the log's (they come from different partitions), and a fact that
 * reaches a match whose end was known long enough for its state to be cleared is set aside; so a registration
 * weeks after a match ended may count or not with the interleaving.
 *
 * <p>The seed is fixed, so every run tries the same logs.
 */
class DailyMatchEvaluationProperties {
    private static final String SEED = "20261207";
    private static final Duration ALLOWED_LATENESS = Duration.ofDays(14);

    @Property(tries = 1000, seed = SEED)
    void aLiveRunsTableDoesNotDependOnWhenTheWatermarkArrives(@ForAll long logSeed) throws Exception {
        sameTableWhateverTheWatermark(logSeed, false, false);
    }

    /** The same for a bounded replay, whose days end at its log's end and whose input then ends. */
    @Property(tries = 500, seed = SEED)
    void aReplaysTableDoesNotDependOnWhenTheWatermarkArrives(@ForAll long logSeed) throws Exception {
        sameTableWhateverTheWatermark(logSeed, true, false);
    }

    /**
     * A run killed after a checkpoint, having read on and written rows past it, and resumed from that checkpoint
     * ends with the table of a run never killed: the resumed run rewrites or withdraws every row the killed one wrote
     * after its checkpoint, though its own watermark comes at other moments.
     */
    @Property(tries = 1000, seed = SEED)
    void aLiveRunKilledAndResumedLeavesTheTableOfARunNeverKilled(@ForAll long logSeed) throws Exception {
        sameTableWhateverTheWatermark(logSeed, false, true);
    }

    @Property(tries = 500, seed = SEED)
    void aReplayKilledAndResumedLeavesTheTableOfAReplayNeverKilled(@ForAll long logSeed) throws Exception {
        sameTableWhateverTheWatermark(logSeed, true, true);
    }

    private static void sameTableWhateverTheWatermark(long logSeed, boolean replay, boolean killed)
            throws Exception {
        Random random = new Random(logSeed);
        List<InteractionEvent> log = asLogged(RandomMatches.match(random), random);
        String difference = difference(log, logSeed, replay, killed);
        if (difference != null) {
            // one record out at a time, for as long as a difference stays: a log small enough to read
            for (int i = log.size() - 1; i >= 0; i--) {
                List<InteractionEvent> smaller = new ArrayList<>(log);
                smaller.remove(i);
                if (!log.get(i).is(EventTypes.MATCH_CREATED) && difference(smaller, logSeed, replay, killed) != null) {
                    log = smaller;
                }
            }
            StringBuilder records = new StringBuilder();
            for (InteractionEvent e : log) {
                records.append("\n  ").append(Instant.ofEpochMilli(e.eventTime)).append(' ').append(e.type)
                        .append(" actor=").append(e.actorId).append(" status=").append(e.status).append(" zone=")
                        .append(e.timezone).append(" item=").append(e.itemId).append(" id=").append(e.id);
            }
            assertThat(difference(log, logSeed, replay, killed)).as("the log, in its order:" + records).isNull();
        }
    }

    /**
     * The events as a live log holds them: once each, the match created before anything else happens to it, and in
     * the order they happened but for some that arrive late (hours to weeks; beyond the allowed lateness too).
     */
    private static List<InteractionEvent> asLogged(List<InteractionEvent> events, Random random) {
        Map<String, InteractionEvent> once = new LinkedHashMap<>();
        events.forEach(e -> once.putIfAbsent(e.id, e));
        List<InteractionEvent> log = new ArrayList<>(once.values());
        long first = log.stream().mapToLong(e -> e.eventTime).min().orElse(RandomMatches.DAY0);
        log.removeIf(e -> e.is(EventTypes.MATCH_CREATED));
        InteractionEvent created = RandomMatches.created(random, "mentor", "mentee");
        created.eventTime = first - 3_600_000L;
        created.receivedTime = created.eventTime;
        log.add(created);
        Map<InteractionEvent, Long> arrival = new IdentityHashMap<>();
        for (InteractionEvent e : log) {
            long delay = random.nextInt(8) == 0 ? (long) (random.nextDouble() * 20 * 86_400_000L) : 0;
            arrival.put(e, e == created ? Long.MIN_VALUE : e.eventTime + delay);
        }
        log.sort(Comparator.comparingLong(arrival::get));
        return log;
    }

    private static String difference(List<InteractionEvent> log, long scheduleSeed, boolean replay, boolean killed)
            throws Exception {
        // the log's own watermark as of each record: one partition, no out-of-orderness allowed
        long newest = Long.MIN_VALUE;
        long[] logWatermark = new long[log.size()];
        for (int i = 0; i < log.size(); i++) {
            newest = Math.max(newest, log.get(i).eventTime);
            logWatermark[i] = newest - 1;
        }
        long end = newest - 1;
        Map<LocalDate, Map<String, Object>> allFirst = table(log, logWatermark, end, replay, null);
        Map<LocalDate, Map<String, Object>> atRandom = killed
                ? tableAfterAKill(log, logWatermark, end, replay, scheduleSeed)
                : table(log, logWatermark, end, replay, scheduleSeed);
        if (!atRandom.keySet().equals(allFirst.keySet())) {
            return "days " + atRandom.keySet() + " instead of " + allFirst.keySet();
        }
        for (LocalDate day : allFirst.keySet()) {
            if (!atRandom.get(day).equals(allFirst.get(day))) {
                Map<String, Object> expected = allFirst.get(day);
                StringBuilder diff = new StringBuilder("day " + day + ":");
                atRandom.get(day).forEach((k, v) -> {
                    if (!Objects.equals(v, expected.get(k))) {
                        diff.append(' ').append(k).append('=').append(v).append(" instead of ").append(expected.get(k));
                    }
                });
                return diff.toString();
            }
        }
        return null;
    }

    /**
     * The order the operator receives the log in: the log's, but for the participants' facts, which reach a match
     * through the participant routing stage and may come some records later (never past a status change of the
     * match: see the class comment). In the log's order when {@code scheduleSeed} is null.
     */
    private static List<Integer> arrival(List<InteractionEvent> log, Long scheduleSeed) {
        List<Integer> arrival = new ArrayList<>();
        for (int i = 0; i < log.size(); i++) {
            arrival.add(i);
        }
        if (scheduleSeed == null) {
            return arrival;
        }
        Random[] moments = moments(log, scheduleSeed);
        for (int i = log.size() - 1; i >= 0; i--) {
            Random random = moments[i];
            if (log.get(i).isParticipantScoped() && random.nextBoolean()) {
                int at = arrival.indexOf(i);
                int to = Math.min(arrival.size() - 1, at + random.nextInt(20));
                for (int k = at + 1; k <= to; k++) {
                    if (log.get(arrival.get(k)).is(EventTypes.MATCH_STATUS_CHANGED)) {
                        to = k - 1;
                        break;
                    }
                }
                arrival.add(to, arrival.remove(at));
            }
        }
        return arrival;
    }

    /**
     * Each record's random moments (when the watermark moves, when processing time passes), from its own id, so that
     * a log with records taken out keeps the others' moments; none when {@code scheduleSeed} is null.
     */
    private static Random[] moments(List<InteractionEvent> log, Long scheduleSeed) {
        Random[] moments = new Random[log.size()];
        for (int i = 0; i < log.size(); i++) {
            moments[i] = scheduleSeed == null ? null : new Random(scheduleSeed * 31 + log.get(i).id.hashCode());
        }
        return moments;
    }

    /**
     * The table after reading the log; the watermark moves only at the end when {@code scheduleSeed} is null. Else it
     * also moves at random moments on the way, never past what the log's own watermark was at a record not yet
     * delivered (the least over the channels cannot pass a channel's).
     */
    private static Map<LocalDate, Map<String, Object>> table(List<InteractionEvent> log, long[] logWatermark,
            long end, boolean replay, Long scheduleSeed) throws Exception {
        List<Integer> arrival = arrival(log, scheduleSeed);
        try (var harness = harness(end, replay, null)) {
            Attempt attempt = new Attempt(log, logWatermark, arrival, moments(log, scheduleSeed), 0, 0);
            attempt.read(harness, log.size(), end);
            attempt.finish(harness, replay, end);
            return tableOf(harness.extractOutputValues());
        }
    }

    /**
     * The table left by a run killed after a checkpoint and resumed from it: what the killed run wrote until it
     * died, then what the resumed run wrote. The killed run read on past its checkpoint (its rows reached the
     * table, its state was lost); the resumed run reads again from the checkpoint's position, with its watermark
     * starting over (Flink does not keep watermarks in checkpoints) and arriving at other moments.
     */
    private static Map<LocalDate, Map<String, Object>> tableAfterAKill(List<InteractionEvent> log,
            long[] logWatermark, long end, boolean replay, long scheduleSeed) throws Exception {
        List<Integer> arrival = arrival(log, scheduleSeed);
        Random cut = new Random(scheduleSeed);
        int checkpointAt = cut.nextInt(log.size() + 1);
        int killedAt = checkpointAt + cut.nextInt(log.size() - checkpointAt + 1);
        List<MatchDay> written = new ArrayList<>();
        OperatorSubtaskState checkpoint;
        long killedAtTime;
        try (var killed = harness(end, replay, null)) {
            Attempt attempt = new Attempt(log, logWatermark, arrival, moments(log, scheduleSeed), 0, 0);
            attempt.read(killed, checkpointAt, end);
            checkpoint = killed.snapshot(1, 1);
            attempt.read(killed, killedAt, end);
            written.addAll(killed.extractOutputValues());
            killedAtTime = attempt.processingTime;
        }
        try (var resumed = harness(end, replay, checkpoint)) {
            Attempt attempt = new Attempt(log, logWatermark, arrival, moments(log, scheduleSeed + 1), checkpointAt,
                    killedAtTime);
            attempt.read(resumed, log.size(), end);
            attempt.finish(resumed, replay, end);
            // the resumed run's rows are newer than the killed run's: it wrote them later
            for (MatchDay row : resumed.extractOutputValues()) {
                row.version += Long.MAX_VALUE / 2;
                written.add(row);
            }
        }
        return tableOf(written);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, InteractionEvent, MatchDay> harness(long end,
            boolean replay, OperatorSubtaskState restoredFrom) throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new DailyMatchEvaluation(AnalyticsSettings.defaults().riskModel(), ALLOWED_LATENESS,
                        ALLOWED_LATENESS.plusDays(1), replay ? end : null)),
                (InteractionEvent e) -> e.matchId, Types.STRING);
        if (restoredFrom != null) {
            harness.initializeState(restoredFrom);
        }
        harness.open();
        return harness;
    }

    private static Map<LocalDate, Map<String, Object>> tableOf(List<MatchDay> written) {
        Map<LocalDate, Map<String, Object>> table = new TreeMap<>();
        for (MatchDay row : MatchDays.newestOfEachDay(written)) {
            table.put(row.localDay(), MatchDays.columns(row));
        }
        return table;
    }

    /** One run of the operator over the log in its arrival order, from a position on. */
    private static final class Attempt {
        private final List<InteractionEvent> log;
        private final long[] logWatermark;
        private final List<Integer> arrival;
        private final Random[] moments;
        private final boolean[] delivered;
        private int position;
        private int readUpTo = -1; // the furthest record of the log read so far
        private long watermark = Long.MIN_VALUE;
        private long processingTime;

        Attempt(List<InteractionEvent> log, long[] logWatermark, List<Integer> arrival, Random[] moments, int from,
                long processingTime) {
            this.log = log;
            this.processingTime = processingTime;
            this.logWatermark = logWatermark;
            this.arrival = arrival;
            this.moments = moments;
            this.delivered = new boolean[log.size()];
            for (; position < from; position++) {
                delivered[arrival.get(position)] = true;
                readUpTo = Math.max(readUpTo, arrival.get(position));
            }
        }

        /** Delivers the records up to arrival position {@code to} (exclusive). */
        void read(KeyedOneInputStreamOperatorTestHarness<String, InteractionEvent, MatchDay> harness, int to,
                long end) throws Exception {
            for (; position < to; position++) {
                int i = arrival.get(position);
                Random random = moments[i];
                readUpTo = Math.max(readUpTo, i);
                if (random != null && random.nextInt(3) == 0) {
                    long upTo = end;
                    for (int k = 0; k <= readUpTo; k++) {
                        if (!delivered[k]) {
                            upTo = Math.min(upTo, logWatermark[k]);
                        }
                    }
                    long from = watermark == Long.MIN_VALUE ? RandomMatches.DAY0 - 86_400_000L : watermark;
                    if (upTo > from) {
                        watermark = from + (long) (random.nextDouble() * (upTo - from));
                        harness.processWatermark(watermark);
                    }
                }
                if (random != null && random.nextInt(5) == 0) {
                    processingTime += random.nextInt(1_000);
                    harness.setProcessingTime(processingTime);
                }
                InteractionEvent e = copy(log.get(i));
                e.logWatermark = logWatermark[i];
                harness.processElement(new StreamRecord<>(e, e.eventTime));
                delivered[i] = true;
            }
        }

        /** The end of the input: a replay's ends, a live run's watermark reaches the log's end. */
        void finish(KeyedOneInputStreamOperatorTestHarness<String, InteractionEvent, MatchDay> harness,
                boolean replay, long end) throws Exception {
            if (replay) {
                harness.processWatermark(Long.MAX_VALUE);
            } else {
                harness.processWatermark(end);
                harness.processWatermark(end + 1);
                harness.setProcessingTime(processingTime + 1_000);
            }
        }
    }

    /** The job reads each record anew; the harnesses must not share one event object's later changes. */
    private static InteractionEvent copy(InteractionEvent e) {
        return e.routedTo(e.matchId);
    }
}
