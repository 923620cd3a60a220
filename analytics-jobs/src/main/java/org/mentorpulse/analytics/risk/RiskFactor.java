package org.mentorpulse.analytics.risk;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.mentorpulse.analytics.engagement.MatchDay;

/**
 * The factors of the commitment-risk score (SPEC section 5). Each turns a day's metrics into a value from 0
 * (no concern) to 1 (as bad as it gets); the score is their weighted sum.
 *
 * <p>Why the default weights (in {@code analytics-defaults.properties}; they add up to 1, and programs override
 * them with {@code risk.program.<id>.weight.<factor>}):
 * <ul>
 *   <li>{@link #overdue} 0.45: silence against the agreed cadence is what a stall is, and the one signal every
 *       match produces every day. It carries the score on its own: a stalled match scores at least 45.</li>
 *   <li>{@link #one_sidedness} and {@link #unreliability} 0.15 each: the two behaviours that precede silence
 *       in the seeds' accounts of failing virtual relationships (one party stops answering; meetings are booked
 *       and then dropped). Both need several events before they mean much, hence less than silence.</li>
 *   <li>{@link #declining_trend} 0.10: contact falling week after week is an early warning, but a noisy one
 *       (holidays, exam periods).</li>
 *   <li>{@link #low_satisfaction} 0.08: direct, but sparse: surveys come every few weeks at best.</li>
 *   <li>{@link #missed_milestones} 0.05: no first meeting within 14 days, missed cohort sessions: meaningful
 *       early in a match, rarely afterwards.</li>
 *   <li>{@link #friction} 0.02: connection problems annoy, but seldom end a relationship on their own.</li>
 * </ul>
 * These are priors, not fitted values; SPEC 5 asks for them to be fitted from past outcomes once a program has
 * them.
 */
public enum RiskFactor {
    /** days without two-way contact (paused days excepted) over the stall threshold */
    overdue,
    /** share of messages in the last 56 days the other party left unanswered for 7 days */
    one_sidedness,
    /** cancellations and no-shows per meeting scheduled in the last 56 days */
    unreliability,
    /** two-way contact days per week falling over the last six weeks; a fall of 0.4 days a week counts fully */
    declining_trend,
    /** the latest satisfaction (5 is none, 1 is full) plus any fall since the response before it */
    low_satisfaction,
    /** no first meeting after 14 days, or the share of cohort sessions the pair missed */
    missed_milestones,
    /** share of the last 56 days' meetings that had connection problems */
    friction;


    private static final RiskFactor[] IN_ORDER = values();

    /** Numbers in factor order (a day's points or values) as a map by factor name, in the same order. */
    public static Map<String, Double> byName(double[] inFactorOrder) {
        Map<String, Double> named = new LinkedHashMap<>();
        for (int i = 0; i < inFactorOrder.length; i++) {
            named.put(IN_ORDER[i].name(), inFactorOrder[i]);
        }
        return named;
    }

    /** The configuration key of the factor's weight, e.g. {@code weight.one-sidedness}. */
    public String settingKey() {
        return "weight." + name().replace('_', '-').toLowerCase(Locale.ROOT);
    }

    /** The factor's value for a day, from 0 to 1. */
    public double valueOf(MatchDay d) {
        return clamp(switch (this) {
            case overdue -> d.silentDaysForRisk / (double) d.stallThresholdDays;
            case one_sidedness -> d.unansweredShare56d == null ? 0 : d.unansweredShare56d;
            case unreliability -> {
                int dropped = d.cancellations56d + d.noShows56d;
                yield dropped == 0 ? 0 : dropped / (double) Math.max(d.meetingsScheduled56d, dropped);
            }
            case declining_trend -> d.contactTrend6w == null ? 0 : -d.contactTrend6w / 0.4;
            case low_satisfaction -> d.latestSatisfaction == null ? 0
                    : (5 - d.latestSatisfaction) / 4.0
                            + (d.satisfactionTrend != null && d.satisfactionTrend < 0 ? -d.satisfactionTrend / 4.0 : 0);
            case missed_milestones -> {
                boolean noFirstMeeting = !d.firstMeetingHeld && d.daysSinceStart > 14;
                int sessions = d.cohortSessionsMissed + d.kickoffAttended + d.midpointAttended + d.closureAttended;
                yield noFirstMeeting ? 1 : sessions == 0 ? 0 : d.cohortSessionsMissed / (double) sessions;
            }
            case friction -> d.meetingsHeld56d == 0 ? 0 : d.connectionIssues56d / (double) d.meetingsHeld56d;
        });
    }

    /**
     * Why the factor counts, in words a program manager reads in an alert, appended to {@code words}: every day of
     * every match writes its reasons, and building each one as a string of its own to copy it into the day's was a
     * tenth of what a replay allocated.
     */
    StringBuilder explainInto(StringBuilder words, MatchDay d) {
        return switch (this) {
            case overdue -> words.append("no two-way contact for ").append(d.silentDaysForRisk)
                    .append(" days (stalls after ").append(d.stallThresholdDays).append(')');
            case one_sidedness -> words.append(Math.round(100 * valueOf(d)))
                    .append("% of messages unanswered for a week");
            case unreliability -> words.append(d.cancellations56d + d.noShows56d)
                    .append(" meetings cancelled or missed in 8 weeks");
            case declining_trend -> words.append("two-way contact falling over 6 weeks");
            case low_satisfaction -> words.append("latest satisfaction ").append(d.latestSatisfaction).append(" of 5");
            case missed_milestones -> !d.firstMeetingHeld && d.daysSinceStart > 14
                    ? words.append("no meeting in ").append(d.daysSinceStart).append(" days since the match began")
                    : words.append(d.cohortSessionsMissed).append(" cohort sessions missed");
            case friction -> words.append("connection problems in ").append(d.connectionIssues56d).append(" of ")
                    .append(d.meetingsHeld56d).append(" meetings");
        };
    }

    private static double clamp(double v) {
        return v < 0 ? 0 : Math.min(1, v);
    }
}
