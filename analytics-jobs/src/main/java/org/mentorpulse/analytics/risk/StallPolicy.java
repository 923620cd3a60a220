package org.mentorpulse.analytics.risk;

import java.io.Serializable;

/**
 * When silence becomes a problem (SPEC 5). A match is {@code stalled} after more days without two-way contact
 * than the stall threshold, by default max(2 x meeting_every_days, 21). Until agreements are ingested every
 * match uses the program default.
 *
 * <p>The score here has one factor, the overdue ratio (days since two-way contact / threshold), scaled to
 * 0-100. The levels below stalled are fixed fractions of the threshold: {@code watch} past a third of it,
 * {@code at_risk} past two thirds, so a 21-day threshold warns at 8 and 15 silent days.
 */
public final class StallPolicy implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final int DEFAULT_THRESHOLD_DAYS = 21;

    private final int thresholdDays;

    public StallPolicy(int thresholdDays) {
        if (thresholdDays < 1) {
            throw new IllegalArgumentException("stall threshold must be at least one day, not " + thresholdDays);
        }
        this.thresholdDays = thresholdDays;
    }

    public static StallPolicy defaults() {
        return new StallPolicy(DEFAULT_THRESHOLD_DAYS);
    }

    /** The threshold for a match that agreed to meet every {@code meetingEveryDays} days. */
    public static int thresholdFor(Integer meetingEveryDays) {
        return meetingEveryDays == null ? DEFAULT_THRESHOLD_DAYS
                : Math.max(2 * meetingEveryDays, DEFAULT_THRESHOLD_DAYS);
    }

    public int thresholdDays() {
        return thresholdDays;
    }

    public double overdueRatio(int daysSinceContact) {
        return Math.max(0, daysSinceContact) / (double) thresholdDays;
    }

    public int score(int daysSinceContact) {
        return (int) Math.min(100, Math.round(100 * overdueRatio(daysSinceContact)));
    }

    public RiskLevel level(int daysSinceContact) {
        if (daysSinceContact > thresholdDays) {
            return RiskLevel.stalled;
        }
        if (3 * daysSinceContact > 2 * thresholdDays) {
            return RiskLevel.at_risk;
        }
        if (3 * daysSinceContact > thresholdDays) {
            return RiskLevel.watch;
        }
        return RiskLevel.on_track;
    }
}
