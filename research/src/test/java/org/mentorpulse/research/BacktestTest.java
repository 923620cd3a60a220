package org.mentorpulse.research;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mentorpulse.research.Backtest.Day;
import org.mentorpulse.research.Backtest.LevelQuality;
import org.mentorpulse.research.Backtest.Outcome;

class BacktestTest {
    private static final List<String> FACTORS = List.of("silence", "noise");
    private static final double[] DEFAULTS = {0.5, 0.5};

    @Test
    void theAucIsTheShareOfPositiveNegativePairsRankedRightTiesCountingHalf() {
        // positives at 2, 4, 6 and negatives at 1, 3, 5: 6 of the 9 pairs are ranked right
        assertThat(Backtest.auc(new double[] {1, 2, 3, 4, 5, 6}, new boolean[] {false, true, false, true, false, true}))
                .isCloseTo(6 / 9.0, within(1e-12));
        // one positive, tied with one negative and below another: half a pair of two
        assertThat(Backtest.auc(new double[] {1, 1, 2}, new boolean[] {true, false, false})).isEqualTo(0.25);
    }

    /**
     * Four matches, a 10-day horizon. A closes early on day 20, its score rising with its silence (at_risk from
     * day 12, stalled from 16); B completes on day 30; C is still going, at watch from day 25; D closes early on
     * day 25 out of the blue, on_track throughout.
     */
    @Test
    void leadTimeLevelsAndTheFittedWeightsFollowFromTheDays() {
        List<Day> days = new ArrayList<>();
        for (int d = 0; d < 20; d++) {
            days.add(day("A", d, d * 5, d >= 16 ? "stalled" : d >= 12 ? "at_risk" : d >= 6 ? "watch" : "on_track",
                    d / 20.0));
        }
        days.add(day("A", 20, 99, "ended", 1)); // the day it ended is not a case
        for (int d = 0; d < 30; d++) {
            days.add(day("B", d, 5, "on_track", 0.05));
            days.add(day("C", d, d >= 25 ? 30 : 10, d >= 25 ? "watch" : "on_track", d >= 25 ? 0.3 : 0.1));
        }
        for (int d = 0; d < 25; d++) {
            days.add(day("D", d, 5, "on_track", 0.05));
        }
        Map<String, Outcome> outcomes = Map.of("A", new Outcome(true, 20), "B", new Outcome(false, 30),
                "C", new Outcome(false, null), "D", new Outcome(true, 25));

        Backtest.Report r = Backtest.run(days, outcomes, FACTORS, DEFAULTS, new Backtest.Options(10, 200, 2, 3));

        assertThat(r.matches()).isEqualTo(4);
        assertThat(r.matchesClosedEarly()).isEqualTo(2);
        assertThat(r.days()).isEqualTo(20 + 30 + 30 + 25);
        assertThat(r.positiveDays()).isEqualTo(10 + 10); // A's days 10-19, D's 15-24
        assertThat(r.medianLeadDays()).isEqualTo(8.0); // A: first at_risk on day 12, closed on 20; D never flagged
        assertThat(r.closedEarlyFlaggedBefore()).isEqualTo(1);
        assertThat(r.levels()).extracting(LevelQuality::level, LevelQuality::flaggedDays, LevelQuality::precision,
                LevelQuality::recall).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("watch", 14 + 5, 10 / 19.0, 0.5),
                        org.assertj.core.groups.Tuple.tuple("at_risk", 8, 1.0, 0.4),
                        org.assertj.core.groups.Tuple.tuple("stalled", 4, 1.0, 0.2));
        assertThat(r.auc().estimate()).isCloseTo(pairwiseAuc(days, outcomes, 10), within(1e-12));
        assertThat(r.auc().low()).isLessThanOrEqualTo(r.auc().estimate());
        assertThat(r.auc().high()).isGreaterThanOrEqualTo(r.auc().estimate());
        assertThat(r.calibration()).hasSize(10);
        assertThat(r.calibration().stream().mapToInt(Backtest.Decile::days).sum()).isEqualTo(r.days());

        // only the first factor carries information; the second never varies, so it gets no weight
        assertThat(r.fit().coefficients()[0]).isGreaterThan(1);
        assertThat(r.fit().coefficients()[1]).isCloseTo(0, within(1e-6));
        assertThat(r.fit().proposedWeights()).containsExactly(new double[] {1.0, 0.0}, within(1e-9));
    }

    @Test
    void withoutBothKindsOfDayThereIsNothingToRank() {
        List<Day> days = List.of(day("B", 0, 5, "on_track", 0));
        assertThatThrownBy(() -> Backtest.run(days, Map.of("B", new Outcome(false, 30)), FACTORS, DEFAULTS,
                Backtest.Options.defaults())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("closed early within 30 days");
    }

    private static Day day(String match, int day, int score, String level, double silence) {
        return new Day(match, day, score, level, new double[] {silence, 0});
    }

    /** The AUC the long way: every positive day against every negative day. */
    private static double pairwiseAuc(List<Day> days, Map<String, Outcome> outcomes, int horizon) {
        List<Double> pos = new ArrayList<>();
        List<Double> neg = new ArrayList<>();
        for (Day d : days) {
            Outcome o = outcomes.get(d.match());
            if (d.level().equals("ended") || o.endDay() != null && d.day() >= o.endDay()) {
                continue;
            }
            (o.closedEarly() && o.endDay() - d.day() <= horizon ? pos : neg).add((double) d.score());
        }
        double right = 0;
        for (double p : pos) {
            for (double n : neg) {
                right += p > n ? 1 : p == n ? 0.5 : 0;
            }
        }
        return right / (pos.size() * (double) neg.size());
    }
}
