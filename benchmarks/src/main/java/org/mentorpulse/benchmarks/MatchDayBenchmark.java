package org.mentorpulse.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mentorpulse.analytics.config.AnalyticsSettings;
import org.mentorpulse.analytics.engagement.EngagementCalculator;
import org.mentorpulse.analytics.engagement.MatchDay;
import org.mentorpulse.analytics.engagement.MatchHistory;
import org.mentorpulse.analytics.event.InteractionEvent;
import org.mentorpulse.analytics.risk.RiskModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One match-day of the engagement job: the day's metrics from the match's history, then its risk. Today's
 * calculator recomputes a day from the whole history, so the cost grows with the match's age; the benchmark
 * takes every match of a generated program on its 60th day (the middle of a 90-day program), in turn.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MatchDayBenchmark {
    private final RiskModel risk = AnalyticsSettings.defaults().riskModel();
    private List<MatchHistory> histories;
    private int day;
    private int next;

    @Setup
    public void load() {
        List<MatchHistory> loaded = new ArrayList<>();
        for (List<InteractionEvent> events : Programs.eventsByMatch().values()) {
            MatchHistory h = new MatchHistory();
            events.forEach(h::apply);
            loaded.add(h);
        }
        histories = List.copyOf(loaded);
        day = (int) Programs.PROGRAM.start().plusDays(60).toEpochDay();
    }

    @Benchmark
    public MatchDay evaluateAMatchDay() {
        next = next + 1 == histories.size() ? 0 : next + 1;
        MatchHistory h = histories.get(next);
        MatchDay d = EngagementCalculator.evaluate(h, day, risk.forProgram(h.programId).defaultMeetingEveryDays());
        risk.assess(d);
        return d;
    }
}
