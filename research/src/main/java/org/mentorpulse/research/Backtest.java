package org.mentorpulse.research;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * How well the daily risk score foresaw which matches would close early (SPEC 5): every day a match was
 * evaluated while it was still going is a case; it is positive if the match closed early within the next
 * {@code horizonDays} days. Reported:
 * <ul>
 *   <li>the AUC of the score (the chance that a positive day scores above a negative one, ties counting half),
 *       with a 95% interval from a bootstrap that resamples whole matches, since a match's days are not
 *       independent of each other;</li>
 *   <li>calibration: the observed rate of positive days in each decile of the score;</li>
 *   <li>lead time: for each match that closed early, the days from its first {@code at_risk} (or worse) day to
 *       the closure; their median;</li>
 *   <li>precision and recall of "level at least L" for watch, at_risk and stalled;</li>
 *   <li>and a fit of the factor weights from the outcomes ({@link WeightFit}).</li>
 * </ul>
 * Plain Java over rows already read, so a test can feed it exact cases.
 */
public final class Backtest {
    /** The levels in increasing order of concern; "ended" days are not cases. */
    public static final List<String> LEVELS = List.of("on_track", "watch", "at_risk", "stalled");

    /** One evaluated day of a match: its score (0-100), level and each factor's value (0-1). */
    public record Day(String match, int day, int score, String level, double[] factorValues) {}

    /** How a match ended: closed early on {@code endDay}, or not (completed, or still going). */
    public record Outcome(boolean closedEarly, Integer endDay) {}

    public record Options(int horizonDays, int bootstrapRounds, int folds, long seed) {
        public static Options defaults() {
            return new Options(30, 200, 5, 20261129L);
        }
    }

    public record Interval(double estimate, double low, double high) {}

    public record Decile(int decile, int lowestScore, int highestScore, int days, double meanScore,
            double observedRate) {}

    /** precision is null when no day was flagged at the level */
    public record LevelQuality(String level, int flaggedDays, Double precision, double recall) {}

    public record Report(int matches, int matchesClosedEarly, int days, int positiveDays, int horizonDays,
            Interval auc, List<Decile> calibration, Double medianLeadDays, int closedEarlyFlaggedBefore,
            List<LevelQuality> levels, WeightFit.Result fit) {}

    private Backtest() {}

    public static Report run(List<Day> days, Map<String, Outcome> outcomes, List<String> factors,
            double[] defaultWeights, Options options) {
        List<Day> cases = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        for (Day d : days) {
            Outcome o = outcomes.get(d.match());
            if (o == null || "ended".equals(d.level()) || o.endDay() != null && d.day() >= o.endDay()) {
                continue; // no outcome known, or not a day the match was still going
            }
            cases.add(d);
            labels.add(o.closedEarly() && o.endDay() - d.day() <= options.horizonDays());
        }
        if (cases.isEmpty() || !labels.contains(true) || !labels.contains(false)) {
            throw new IllegalArgumentException("a back-test needs days of matches that closed early within "
                    + options.horizonDays() + " days and days of others (" + cases.size() + " days, "
                    + labels.stream().filter(b -> b).count() + " positive)");
        }
        double[] scores = cases.stream().mapToDouble(Day::score).toArray();
        boolean[] positive = new boolean[labels.size()];
        for (int i = 0; i < positive.length; i++) {
            positive[i] = labels.get(i);
        }
        Map<String, List<Integer>> byMatch = new LinkedHashMap<>();
        for (int i = 0; i < cases.size(); i++) {
            byMatch.computeIfAbsent(cases.get(i).match(), k -> new ArrayList<>()).add(i);
        }
        Interval auc = bootstrap(auc(scores, positive), scores, positive, byMatch, options);

        int closedEarly = (int) outcomes.entrySet().stream()
                .filter(e -> e.getValue().closedEarly() && byMatch.containsKey(e.getKey())).count();
        LeadTimes lead = leadTimes(days, outcomes);
        return new Report(byMatch.size(), closedEarly, cases.size(), countTrue(positive), options.horizonDays(), auc,
                calibration(scores, positive), lead.median(), lead.flagged(), levels(cases, positive),
                WeightFit.fit(cases, positive, byMatch, factors, defaultWeights, options));
    }

    /** Mann-Whitney AUC: (rank sum of the positives - n+(n+ + 1)/2) / (n+ n-), ties at their mean rank. */
    static double auc(double[] scores, boolean[] positive) {
        double[] ranks = new NaturalRanking(TiesStrategy.AVERAGE).rank(scores);
        double rankSum = 0;
        long pos = 0;
        for (int i = 0; i < ranks.length; i++) {
            if (positive[i]) {
                rankSum += ranks[i];
                pos++;
            }
        }
        long neg = ranks.length - pos;
        return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /** Percentile interval over resamples of whole matches (resamples without both classes are skipped). */
    private static Interval bootstrap(double estimate, double[] scores, boolean[] positive,
            Map<String, List<Integer>> byMatch, Options options) {
        List<List<Integer>> matches = new ArrayList<>(byMatch.values());
        Random random = new Random(options.seed());
        double[] estimates = new double[options.bootstrapRounds()];
        int kept = 0;
        for (int round = 0; round < options.bootstrapRounds(); round++) {
            List<Integer> rows = resample(matches, random);
            double[] s = new double[rows.size()];
            boolean[] p = new boolean[rows.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = scores[rows.get(i)];
                p[i] = positive[rows.get(i)];
            }
            int pos = countTrue(p);
            if (pos > 0 && pos < p.length) {
                estimates[kept++] = auc(s, p);
            }
        }
        double[] sample = Arrays.copyOf(estimates, kept);
        Percentile percentile = new Percentile();
        return new Interval(estimate, percentile.evaluate(sample, 2.5), percentile.evaluate(sample, 97.5));
    }

    /** Whole matches drawn with replacement, as many as there are; returns their rows. */
    static List<Integer> resample(List<List<Integer>> matches, Random random) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < matches.size(); i++) {
            rows.addAll(matches.get(random.nextInt(matches.size())));
        }
        return rows;
    }

    /** Days ordered by score and cut into ten groups of (nearly) equal size; ties may straddle a cut. */
    private static List<Decile> calibration(double[] scores, boolean[] positive) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        List<Decile> out = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            int from = (int) ((long) order.length * d / 10);
            int to = (int) ((long) order.length * (d + 1) / 10);
            if (from == to) {
                continue;
            }
            double sum = 0;
            int pos = 0;
            for (int i = from; i < to; i++) {
                sum += scores[order[i]];
                pos += positive[order[i]] ? 1 : 0;
            }
            out.add(new Decile(d + 1, (int) scores[order[from]], (int) scores[order[to - 1]], to - from,
                    sum / (to - from), pos / (double) (to - from)));
        }
        return out;
    }

    private record LeadTimes(Double median, int flagged) {}

    /** For each match that closed early: days from its first at_risk-or-worse day before the closure to it. */
    private static LeadTimes leadTimes(List<Day> days, Map<String, Outcome> outcomes) {
        Map<String, Integer> firstFlag = new HashMap<>();
        for (Day d : days) {
            Outcome o = outcomes.get(d.match());
            if (o != null && o.closedEarly() && d.day() < o.endDay() && rank(d.level()) >= rank("at_risk")) {
                firstFlag.merge(d.match(), d.day(), Math::min);
            }
        }
        double[] leads = firstFlag.entrySet().stream()
                .mapToDouble(e -> outcomes.get(e.getKey()).endDay() - e.getValue()).toArray();
        return new LeadTimes(leads.length == 0 ? null : new Percentile().evaluate(leads, 50), leads.length);
    }

    private static List<LevelQuality> levels(List<Day> cases, boolean[] positive) {
        int positives = countTrue(positive);
        List<LevelQuality> out = new ArrayList<>();
        for (String level : LEVELS.subList(1, LEVELS.size())) {
            int flagged = 0;
            int hits = 0;
            for (int i = 0; i < cases.size(); i++) {
                if (rank(cases.get(i).level()) >= rank(level)) {
                    flagged++;
                    hits += positive[i] ? 1 : 0;
                }
            }
            out.add(new LevelQuality(level, flagged, flagged == 0 ? null : hits / (double) flagged,
                    hits / (double) positives));
        }
        return out;
    }

    static int rank(String level) {
        return LEVELS.indexOf(level);
    }

    static int countTrue(boolean[] values) {
        int n = 0;
        for (boolean v : values) {
            n += v ? 1 : 0;
        }
        return n;
    }

    /** The report as a markdown document: what a researcher or an operator reads, and a paper cites. */
    public static String markdown(String title, Report r, List<String> factors, double[] defaultWeights) {
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
        md.append(String.format("%d matches (%d closed early), %d match-days while going, %d of them within %d days "
                        + "of an early closure.%n%n", r.matches(), r.matchesClosedEarly(), r.days(), r.positiveDays(),
                r.horizonDays()));
        md.append(String.format("**AUC of the daily score: %.3f** (95%% interval %.3f-%.3f, bootstrap over "
                + "matches)%n%n", r.auc().estimate(), r.auc().low(), r.auc().high()));
        md.append(r.medianLeadDays() == null ? "No match that closed early was at_risk before it closed.\n\n"
                : String.format("Median lead time from the first at_risk (or stalled) day to the closure: %.1f days "
                        + "(%d of %d matches that closed early were flagged before).%n%n", r.medianLeadDays(),
                        r.closedEarlyFlaggedBefore(), r.matchesClosedEarly()));
        md.append("## Calibration by decile of the score\n\n| decile | scores | days | mean score | closed early within "
                + r.horizonDays() + " days |\n|---|---|---|---|---|\n");
        for (Decile d : r.calibration()) {
            md.append(String.format("| %d | %d-%d | %d | %.1f | %.1f%% |%n", d.decile(), d.lowestScore(),
                    d.highestScore(), d.days(), d.meanScore(), 100 * d.observedRate()));
        }
        md.append("\n## Levels\n\n| flagged at | days | precision | recall |\n|---|---|---|---|\n");
        for (LevelQuality l : r.levels()) {
            md.append(String.format("| %s or worse | %d | %s | %.3f |%n", l.level(), l.flaggedDays(),
                    l.precision() == null ? "-" : String.format("%.3f", l.precision()), l.recall()));
        }
        md.append(WeightFit.markdown(r.fit(), factors, defaultWeights));
        return md.toString();
    }
}
