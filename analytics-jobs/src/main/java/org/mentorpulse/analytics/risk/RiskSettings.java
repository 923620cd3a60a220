package org.mentorpulse.analytics.risk;

import java.io.Serializable;
import java.util.EnumMap;
import java.util.Map;

/**
 * One program's risk thresholds and weights. The defaults (in {@code analytics-defaults.properties}) follow
 * SPEC section 5: a match stalls after max(2 x meeting_every_days, 21) days without two-way contact.
 *
 * @param stallMinDays the stall threshold's floor, and the threshold of a match without an agreed cadence
 * @param stallCadenceMultiple how many agreed meeting intervals of silence make a stall
 * @param defaultMeetingEveryDays the cadence assumed for a match without an agreement; null: none (then
 *     cadence metrics stay empty and the threshold is {@code stallMinDays})
 * @param watchSilenceFraction silence beyond this share of the stall threshold is at least {@code watch}
 * @param atRiskSilenceFraction silence beyond this share of the stall threshold is at least {@code at_risk}
 * @param watchScore a score from here up is at least {@code watch}
 * @param atRiskScore a score from here up is at least {@code at_risk}
 * @param weights each factor's weight; they need not add up to 1, the score is normalised by their sum
 */
public record RiskSettings(int stallMinDays, double stallCadenceMultiple, Integer defaultMeetingEveryDays,
        double watchSilenceFraction, double atRiskSilenceFraction, int watchScore, int atRiskScore,
        Map<RiskFactor, Double> weights) implements Serializable {

    public RiskSettings {
        require(stallMinDays >= 1, "stall-min-days must be at least 1");
        require(stallCadenceMultiple > 0, "stall-cadence-multiple must be positive");
        require(defaultMeetingEveryDays == null || defaultMeetingEveryDays >= 1,
                "default-meeting-every-days must be at least 1");
        require(watchSilenceFraction > 0 && watchSilenceFraction <= atRiskSilenceFraction
                && atRiskSilenceFraction <= 1, "silence fractions must satisfy 0 < watch <= at-risk <= 1");
        require(watchScore >= 0 && watchScore <= atRiskScore && atRiskScore <= 100,
                "scores must satisfy 0 <= watch-score <= at-risk-score <= 100");
        weights = new EnumMap<>(weights);
        double sum = 0;
        for (RiskFactor f : RiskFactor.values()) {
            Double w = weights.get(f);
            require(w != null && w >= 0, "weight of " + f + " must be zero or more");
            sum += w;
        }
        require(sum > 0, "at least one weight must be positive");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The stall threshold of a match that agreed to meet every {@code meetingEveryDays} days (null: none). */
    public int stallThresholdDays(Integer meetingEveryDays) {
        if (meetingEveryDays == null) {
            return stallMinDays;
        }
        return Math.max(stallMinDays, (int) Math.ceil(stallCadenceMultiple * meetingEveryDays));
    }

    /** Whole silent days beyond which silence alone makes a match {@code watch} (rounded to the nearest day). */
    public int watchSilenceDays(int stallThresholdDays) {
        return (int) Math.round(watchSilenceFraction * stallThresholdDays);
    }

    public int atRiskSilenceDays(int stallThresholdDays) {
        return (int) Math.round(atRiskSilenceFraction * stallThresholdDays);
    }

    double weightSum() {
        return weights.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
