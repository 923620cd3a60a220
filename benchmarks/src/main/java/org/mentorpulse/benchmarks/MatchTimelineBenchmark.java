package org.mentorpulse.benchmarks;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mentorpulse.analytics.config.AnalyticsSettings;
import org.mentorpulse.analytics.engagement.EngagementCalculator;
import org.mentorpulse.analytics.engagement.LocalDays;
import org.mentorpulse.analytics.engagement.MatchDay;
import org.mentorpulse.analytics.engagement.MatchHistory;
import org.mentorpulse.analytics.event.InteractionEvent;
import org.mentorpulse.analytics.risk.RiskModel;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A match's whole program as the job lives it: each day, the events of that day arrive, then the day is
 * evaluated (metrics and risk). Unlike {@link MatchDayBenchmark}, whatever the calculator derives from the history
 * has to be rebuilt after the day's arrivals, so this is the cost per match-day the replay pays for the
 * calculation, without Flink. One operation is one match's program; the {@code matchDays} counter gives the rate
 * per match-day.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MatchTimelineBenchmark {
    private final RiskModel risk = AnalyticsSettings.defaults().riskModel();
    private List<List<InteractionEvent>> matches;
    private int lastDay;
    private int next;

    /** Match-days evaluated, reported by JMH as a rate next to the operations'. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counts {
        public long matchDays;

        @Setup(Level.Iteration)
        public void reset() {
            matchDays = 0;
        }
    }

    @Setup
    public void load() {
        matches = new ArrayList<>();
        for (List<InteractionEvent> events : Programs.eventsByMatch().values()) {
            List<InteractionEvent> sorted = new ArrayList<>(events);
            sorted.sort(Comparator.comparingLong(e -> e.eventTime));
            matches.add(sorted);
        }
        lastDay = (int) Programs.PROGRAM.start().plusDays(Programs.PROGRAM.days()).toEpochDay();
    }

    @Benchmark
    public int aMatchsWholeProgram(Counts counts) {
        next = next + 1 == matches.size() ? 0 : next + 1;
        List<InteractionEvent> events = matches.get(next);
        MatchHistory h = new MatchHistory();
        int score = 0;
        int i = 0;
        LocalDays.ZoneDays days = LocalDays.in(ZoneOffset.UTC);
        for (int day = days.of(events.get(0).eventTime); day <= lastDay; day++) {
            long end = h.days().endOf(day);
            while (i < events.size() && events.get(i).eventTime < end) {
                h.apply(events.get(i++));
            }
            MatchDay d = EngagementCalculator.evaluate(h, day, risk.forProgram(h.programId).defaultMeetingEveryDays());
            risk.assess(d);
            score += d.score;
            counts.matchDays++;
        }
        return score;
    }
}
