package org.mentorpulse.analytics.outcomes;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mentorpulse.analytics.engagement.EngagementCalculator;
import org.mentorpulse.analytics.engagement.LocalDays;
import org.mentorpulse.analytics.engagement.MatchDay;
import org.mentorpulse.analytics.engagement.MatchHistory;
import org.mentorpulse.analytics.engagement.MatchHistory.Feedback;
import org.mentorpulse.analytics.engagement.MatchHistory.StatusChange;
import org.mentorpulse.schema.Questionnaire;

/**
 * One match as a survival record (SPEC 7, {@code mentorpulse_research.match_outcomes}): when it started, whether
 * it ended and how, or until when it was observed (censored), its engagement over the first 30, 60 and 90 days,
 * and its final feedback. Ids are the real ones here; they become keyed pseudonyms only on the way into the
 * research table ({@link MatchOutcomesTable}), so this logic never needs the key.
 *
 * <p>An outcome is taken as of the match's latest evaluated day, from the same history and the same day row as
 * {@code match_daily}, so the two never disagree, and a replay, which evaluates the same days, writes the same
 * outcome.
 */
public class MatchOutcome {
    public static final int[] FEATURE_WINDOWS = {30, 60, 90};

    public String matchId;
    public String mentorId;
    public String menteeId;
    public String programId;
    public String cohortId;
    public String matchedBy;
    public Integer meetingEveryDays;
    public Integer plannedDurationDays;
    /** epoch days, in the match's zone */
    public int startDate;
    public Integer endDate;
    public int censorDate;
    /** completed, closed_early or active */
    public String outcome;
    public int durationDays;
    /** per window of {@link #FEATURE_WINDOWS}: days with two-way contact, meetings held, messages sent */
    public int[] twoWayDays = new int[FEATURE_WINDOWS.length];
    public int[] meetings = new int[FEATURE_WINDOWS.length];
    public int[] messages = new int[FEATURE_WINDOWS.length];
    public Integer finalSatisfaction;
    public int goalsAchieved;
    public String closureReason = "";
    public String closureInitiator = "";
    /** the latest answer to a validated questionnaire: which, its version, who answered, subscale means */
    public String questionnaire = "";
    public Integer questionnaireVersion;
    public String questionnaireRespondent = "";
    public Map<String, Double> subscaleScores = new LinkedHashMap<>();
    /** orders the rows of one match: the newest wins (set when emitted) */
    public long version;

    public MatchOutcome() {}

    public boolean closedEarly() {
        return "closed_early".equals(outcome);
    }

    /**
     * The match's outcome as of {@code last}, the row of its latest evaluated day (for an ended match, the day it
     * ended).
     */
    public static MatchOutcome asOf(MatchHistory history, MatchDay last) {
        ZoneId zone = history.zone(); // the zone the day row was counted in, without parsing its name again
        MatchHistory h = history.asSeenByDayEnding(LocalDays.endOf(last.day, zone));
        MatchOutcome o = new MatchOutcome();
        o.matchId = h.matchId;
        o.mentorId = orEmpty(h.mentorId);
        o.menteeId = orEmpty(h.menteeId);
        o.programId = last.programId;
        o.cohortId = last.cohortId;
        o.matchedBy = orEmpty(h.matchedBy);
        o.meetingEveryDays = last.meetingEveryDays;
        o.startDate = LocalDays.of(h.startedAt(), zone);
        if (h.plannedEndOn != null) {
            o.plannedDurationDays = h.plannedEndOn - (h.startsOn != null ? h.startsOn : o.startDate);
        }
        long dayEnd = LocalDays.endOf(last.day, zone);
        StatusChange status = h.statusAt(dayEnd - 1);
        Long endedAt = h.endedBy(dayEnd - 1);
        if (endedAt != null) {
            o.outcome = status.status;
            o.endDate = LocalDays.of(endedAt, zone);
            o.closureReason = reasonCode(status.reason);
            o.closureInitiator = orEmpty(status.initiatedBy);
        } else {
            o.outcome = "active";
        }
        o.censorDate = o.endDate != null ? o.endDate : last.day;
        o.durationDays = o.censorDate - o.startDate;
        long from = LocalDays.startOf(o.startDate, zone);
        for (int w = 0; w < FEATURE_WINDOWS.length; w++) {
            int lastDayOfWindow = Math.min(o.startDate + FEATURE_WINDOWS[w] - 1, o.censorDate);
            long end = LocalDays.endOf(lastDayOfWindow, zone);
            o.twoWayDays[w] = h.conversation().contactDaysBetween(zone, o.startDate, lastDayOfWindow);
            o.meetings[w] = EngagementCalculator.countBetween(h.meetings, from, end);
            o.messages[w] = EngagementCalculator.countBetween(h.messages, from, end);
        }
        o.finalSatisfaction = last.latestSatisfaction;
        o.goalsAchieved = last.goalsAchieved;
        latestQuestionnaire(h, dayEnd, o);
        return o;
    }

    private static void latestQuestionnaire(MatchHistory h, long dayEnd, MatchOutcome o) {
        Feedback latest = null;
        for (Feedback f : h.feedback) {
            if (f.time >= dayEnd) {
                break;
            }
            if (f.questionnaire != null && f.questionnaireVersion != null) {
                latest = f;
            }
        }
        if (latest == null) {
            return;
        }
        Feedback answer = latest;
        o.questionnaire = answer.questionnaire;
        o.questionnaireVersion = answer.questionnaireVersion;
        o.questionnaireRespondent = h.roleOf(answer.respondentId).name();
        // ingestion validated the answer against this very definition, so every item is there
        Questionnaire.find(answer.questionnaire, answer.questionnaireVersion)
                .ifPresent(q -> o.subscaleScores = q.subscaleScores(answer.scores));
    }

    /**
     * The closure's reason as researchers may see it: a code (lower case, digits, underscores: {@code relocation},
     * {@code lost_contact}), or {@code other}. The event's reason is free text to the schema, and free text can say
     * who someone is; it stays in the live database.
     */
    static String reasonCode(String reason) {
        if (reason == null || reason.isEmpty()) {
            return "";
        }
        return reason.matches("[a-z][a-z0-9_]{0,39}") ? reason : "other";
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
