package org.mentorpulse.analytics.engagement;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One match on one local day: the engagement metrics of SPEC section 4 and the commitment risk of SPEC
 * section 5, one row of {@code match_daily} (whose risk columns the {@code match_risk} view shows). Nullable
 * metrics are null when there is nothing to measure yet (no agreement, no answered message, no feedback), so
 * that "unknown" is never mistaken for zero. Windows ("_28d", "_56d") are trailing and end with the day.
 */
public class MatchDay {
    public String matchId;
    /** the local day in the match's zone, as days since 1970-01-01 */
    public int day;
    public String programId = "";
    public String cohortId = "";
    /** the zone the day is counted in (the mentee's; else the mentor's; else UTC) */
    public String timezone = "UTC";
    /** active, paused or ended at the end of the day */
    public String status = "active";
    /** the latest status change's reason and who initiated it ("" if none): for an ended match, why it ended */
    public String statusReason = "";
    public String statusInitiatedBy = "";

    /** whole local days since the match began (its creation, or its first event) */
    public int daysSinceStart;

    // contact
    public boolean twoWayContact;
    public Long lastTwoWayContact;
    public int daysSinceTwoWayContact;
    public int twoWayDays28d;
    public int twoWayDaysTotal;
    public int meetingsHeld;
    public int meetingMinutes;
    public int messagesFromMentor;
    public int messagesFromMentee;
    public Map<String, Integer> contactsByChannel = Map.of();

    // cadence against the agreement
    public Integer meetingEveryDays;
    public int meetingsHeld28d;
    public int meetingsHeld56d;
    public Double cadenceAdherence28d;
    public Double cadenceAdherence56d;
    public Double overdueRatio;
    /** the agreed messaging cadence; days with a message in the last 28 days against it (null without one) */
    public Integer messageEveryDays;
    public int messageDays28d;
    public Double messageCadenceAdherence28d;
    /** share of the last 28 days' contacts (messages, meetings) on the agreed channels; null if none agreed */
    public Double preferredChannelShare28d;

    // responsiveness and initiative
    public Double medianAnswerHoursMentor;
    public Double medianAnswerHoursMentee;
    public Double unansweredShare56d;
    public Double menteeInitiativeShare56d;

    // reliability and friction
    public int meetingsScheduled56d;
    public int cancellations56d;
    public int lateCancellations56d;
    public int noShows56d;
    public int reschedules56d;
    public int connectionIssues56d;
    public Integer daysToFirstMeeting;

    // feedback and goals
    public Integer latestSatisfaction;
    public Double satisfactionTrend;
    public String feedbackInstrument = "";
    public Map<String, Double> feedbackScores = Map.of();
    public int goalsSet;
    public int goalsProgressed;
    public int goalsAchieved;
    public Integer daysSinceGoalProgress;

    // cohort, off-hours, milestones, staff, trend
    public int kickoffAttended;
    public int midpointAttended;
    public int closureAttended;
    public int cohortSessionsMissed;
    public Double offHoursShareMentor;
    public Double offHoursShareMentee;
    public boolean firstMeetingHeld;
    public boolean threeConversations;
    public int surveysSent;
    public int surveysAnswered;
    public Double surveyResponseRate;
    public int outreach30d;
    public int resourcesShared56d;
    public Double contactTrend6w;

    // commitment risk (filled by the risk model)
    /** silent days that count for risk: paused days are not held against a match */
    public int silentDaysForRisk;
    public int stallThresholdDays;
    public int score;
    public String level;
    /**
     * Each factor's contribution to the score, in points (they add up to the score), and each factor's value,
     * 0..1, both in {@code RiskFactor} order; empty on a tombstone. Numbers, not maps keyed by name: that is what
     * the table stores, and its {@code factors} and {@code factor_values} maps are rebuilt from them when read
     * ({@code RiskFactor.byName} does the same in Java).
     */
    public double[] factorPointArray = NO_FACTORS;
    public double[] factorValueArray = NO_FACTORS;
    /** the main reasons, in words, strongest first */
    public String why = "";

    /** newer rows for the same (match, day) replace older ones; see DailyMatchEvaluation */
    public long version;
    /**
     * A tombstone: the row for this (match, day) must no longer exist, e.g. a day after the match's end that was
     * evaluated before the late news of the end arrived. Tables keep it as {@code is_deleted = 1}, which
     * ReplacingMergeTree's FINAL drops.
     */
    public boolean deleted;

    /**
     * What a day without them holds: most days have no contact, no feedback and (tombstones) no factors, and a
     * replay makes millions of days, so they share one empty value rather than each allocating its own.
     */
    private static final double[] NO_FACTORS = new double[0];

    public MatchDay() {}

    /** One more contact (a message or a meeting held) on {@code channel} this day. */
    public void countContact(String channel) {
        if (contactsByChannel.isEmpty()) {
            contactsByChannel = new LinkedHashMap<>(4);
        }
        contactsByChannel.merge(channel, 1, Integer::sum);
    }

    public static MatchDay deletion(String matchId, String programId, String cohortId, int day) {
        MatchDay d = new MatchDay();
        d.matchId = matchId;
        d.programId = programId == null ? "" : programId;
        d.cohortId = cohortId == null ? "" : cohortId;
        d.day = day;
        d.level = "deleted";
        d.deleted = true;
        return d;
    }

    public LocalDate localDay() {
        return LocalDate.ofEpochDay(day);
    }

    @Override
    public String toString() {
        return matchId + "@" + localDay() + " (" + timezone + ") " + status + " " + level + " score " + score
                + ", " + daysSinceTwoWayContact + " days without two-way contact";
    }
}
