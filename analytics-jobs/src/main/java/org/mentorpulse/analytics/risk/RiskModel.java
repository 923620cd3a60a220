package org.mentorpulse.analytics.risk;

import java.io.Serializable;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.mentorpulse.analytics.engagement.MatchDay;

/**
 * Commitment risk per match and day (SPEC section 5): a score from 0 to 100, each factor's contribution, the
 * main reasons in words, and a level.
 *
 * <p>The level is the worse of two readings. Silence alone: beyond the stall threshold a match is
 * {@code stalled} (the SPEC's definition, and the only way to be stalled); beyond two thirds of it
 * {@code at_risk}; beyond a third {@code watch}. The score: from {@code atRiskScore} up {@code at_risk}, from
 * {@code watchScore} up {@code watch}. So a match that still meets but cancels half its meetings and leaves
 * messages unanswered is flagged before it goes silent. An ended match is {@code ended} with score 0.
 *
 * <p>Settings are per program, with defaults for programs not named in the configuration.
 */
public final class RiskModel implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Configuration keys: {@code risk.KEY} for every program, {@code risk.program.ID.KEY} for one. */
    public static final String PREFIX = "risk.";
    public static final String PROGRAM_PREFIX = PREFIX + "program.";
    /** Reasons below this many points are not worth a program manager's attention. */
    private static final double REASON_MIN_POINTS = 5;

    private static final RiskFactor[] FACTORS = RiskFactor.values();

    private final RiskSettings defaults;
    private final Map<String, RiskSettings> byProgram;
    /**
     * per program (null: the defaults), the weights in factor order and, last, their sum: looked up once a day
     * rather than summed again for every factor
     */
    private final Map<String, double[]> weights = new HashMap<>();

    public RiskModel(RiskSettings defaults, Map<String, RiskSettings> byProgram) {
        this.defaults = defaults;
        this.byProgram = new HashMap<>(byProgram);
        weights.put(null, weights(defaults));
        byProgram.forEach((program, settings) -> weights.put(program, weights(settings)));
    }

    private static double[] weights(RiskSettings s) {
        double[] weights = new double[FACTORS.length + 1];
        for (RiskFactor f : FACTORS) {
            weights[f.ordinal()] = s.weights().get(f);
        }
        weights[FACTORS.length] = s.weightSum();
        return weights;
    }

    public RiskSettings forProgram(String programId) {
        return programId == null ? defaults : byProgram.getOrDefault(programId, defaults);
    }

    /** Fills in the risk fields of a day whose metrics are computed. */
    public void assess(MatchDay d) {
        RiskSettings s = forProgram(d.programId);
        double[] w = weights.getOrDefault(d.programId, weights.get(null));
        double weightSum = w[FACTORS.length];
        d.stallThresholdDays = s.stallThresholdDays(d.meetingEveryDays);
        boolean ended = "ended".equals(d.status);
        double score = 0;
        double[] points = new double[FACTORS.length];
        double[] values = new double[FACTORS.length];
        for (RiskFactor f : FACTORS) {
            int i = f.ordinal();
            double value = f.valueOf(d);
            double p = 100 * w[i] * value / weightSum;
            score += p;
            points[i] = ended ? 0.0 : round(p);
            values[i] = round(value);
        }
        d.factorPointArray = points;
        d.factorValueArray = values;
        if (ended) {
            d.level = RiskLevel.ended.name();
            d.score = 0;
            d.why = "the match has ended";
            return;
        }
        d.score = (int) Math.min(100, Math.round(score));
        d.level = level(d, s).name();
        d.why = reasons(d, points);
    }

    private static RiskLevel level(MatchDay d, RiskSettings s) {
        int silent = d.silentDaysForRisk;
        if (silent > d.stallThresholdDays) {
            return RiskLevel.stalled;
        }
        if (silent > s.atRiskSilenceDays(d.stallThresholdDays) || d.score >= s.atRiskScore()) {
            return RiskLevel.at_risk;
        }
        if (silent > s.watchSilenceDays(d.stallThresholdDays) || d.score >= s.watchScore()) {
            return RiskLevel.watch;
        }
        return RiskLevel.on_track;
    }

    /** The factors of at least {@link #REASON_MIN_POINTS} (rounded) points, in words, strongest first. */
    private static String reasons(MatchDay d, double[] points) {
        // at most seven factors: an insertion sort, stable so that ties keep the factors' order, allocates nothing
        // per day, where a sorted list with a comparator showed up in the replay's profile
        int[] strong = new int[FACTORS.length];
        int n = 0;
        for (RiskFactor f : FACTORS) {
            int i = f.ordinal();
            if (points[i] >= REASON_MIN_POINTS) {
                int at = n++;
                while (at > 0 && points[strong[at - 1]] < points[i]) {
                    strong[at] = strong[at - 1];
                    at--;
                }
                strong[at] = i;
            }
        }
        if (n == 0) {
            return "";
        }
        StringBuilder words = new StringBuilder(64 * n);
        for (int k = 0; k < n; k++) {
            if (k > 0) {
                words.append("; ");
            }
            FACTORS[strong[k]].explainInto(words, d);
        }
        return words.toString();
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /**
     * Reads {@code risk.*} settings: for every program, and per program under {@code risk.program.ID.*}. Keys:
     * {@code stall-min-days}, {@code stall-cadence-multiple}, {@code default-meeting-every-days} (empty: none),
     * {@code watch-silence-fraction}, {@code at-risk-silence-fraction}, {@code watch-score},
     * {@code at-risk-score}, and {@code weight.<factor>} with the factor in kebab case. A key that is not one
     * of these, or a value that does not parse, is an error that names the key.
     */
    public static RiskModel fromSettings(Map<String, String> settings) {
        Map<String, String> common = new HashMap<>();
        Map<String, Map<String, String>> programs = new HashMap<>();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(PROGRAM_PREFIX)) {
                String rest = key.substring(PROGRAM_PREFIX.length());
                int dot = rest.indexOf('.');
                if (dot <= 0) {
                    throw new IllegalArgumentException("setting '" + key + "' should be risk.program.<id>.<key>");
                }
                programs.computeIfAbsent(rest.substring(0, dot), p -> new HashMap<>())
                        .put(rest.substring(dot + 1), e.getValue());
            } else if (key.startsWith(PREFIX)) {
                common.put(key.substring(PREFIX.length()), e.getValue());
            }
        }
        RiskSettings defaults = parse(null, common, PREFIX);
        Map<String, RiskSettings> byProgram = new HashMap<>();
        programs.forEach((program, values) ->
                byProgram.put(program, parse(defaults, values, PROGRAM_PREFIX + program + ".")));
        return new RiskModel(defaults, byProgram);
    }

    /** Values for one level; {@code base} supplies what is not given (null: everything must be given). */
    private static RiskSettings parse(RiskSettings base, Map<String, String> values, String prefix) {
        Map<String, String> left = new HashMap<>(values);
        Map<RiskFactor, Double> weights = new EnumMap<>(RiskFactor.class);
        for (RiskFactor f : RiskFactor.values()) {
            weights.put(f, take(left, prefix, f.settingKey(), base == null ? null : base.weights().get(f),
                    Double::parseDouble));
        }
        int stallMin = take(left, prefix, "stall-min-days", base == null ? null : base.stallMinDays(),
                Integer::parseInt);
        double multiple = take(left, prefix, "stall-cadence-multiple",
                base == null ? null : base.stallCadenceMultiple(), Double::parseDouble);
        Integer cadence = base == null ? null : base.defaultMeetingEveryDays();
        if (left.containsKey("default-meeting-every-days")) {
            String raw = left.remove("default-meeting-every-days").strip();
            cadence = raw.isEmpty() ? null : number(prefix + "default-meeting-every-days", raw, Integer::parseInt);
        } else if (base == null) {
            throw new IllegalArgumentException("missing setting '" + prefix + "default-meeting-every-days'");
        }
        double watchFraction = take(left, prefix, "watch-silence-fraction",
                base == null ? null : base.watchSilenceFraction(), Double::parseDouble);
        double atRiskFraction = take(left, prefix, "at-risk-silence-fraction",
                base == null ? null : base.atRiskSilenceFraction(), Double::parseDouble);
        int watchScore = take(left, prefix, "watch-score", base == null ? null : base.watchScore(), Integer::parseInt);
        int atRiskScore = take(left, prefix, "at-risk-score", base == null ? null : base.atRiskScore(),
                Integer::parseInt);
        if (!left.isEmpty()) {
            throw new IllegalArgumentException("unknown risk setting '" + prefix + left.keySet().iterator().next()
                    + "'");
        }
        try {
            return new RiskSettings(stallMin, multiple, cadence, watchFraction, atRiskFraction, watchScore,
                    atRiskScore, weights);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("risk settings under '" + prefix + "': " + e.getMessage(), e);
        }
    }

    private static <T> T take(Map<String, String> left, String prefix, String key, T fallback,
            Function<String, T> parser) {
        String raw = left.remove(key);
        if (raw == null || raw.isBlank()) {
            if (fallback == null) {
                throw new IllegalArgumentException("missing setting '" + prefix + key + "'");
            }
            return fallback;
        }
        return number(prefix + key, raw, parser);
    }

    private static <T> T number(String key, String raw, Function<String, T> parser) {
        try {
            return parser.apply(raw.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting '" + key + "' must be a number, not '" + raw + "'");
        }
    }

    /** The stall threshold in days of a match of {@code programId} with the given agreed cadence. */
    public int stallThresholdDays(String programId, int meetingEveryDays) {
        return forProgram(programId).stallThresholdDays(meetingEveryDays);
    }
}
