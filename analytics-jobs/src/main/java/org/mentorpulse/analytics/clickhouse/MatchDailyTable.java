package org.mentorpulse.analytics.clickhouse;

import org.mentorpulse.analytics.engagement.MatchDay;

/**
 * {@code mentorpulse.match_daily}: the engagement metrics and the commitment risk of one match on one local day
 * (V004__match_daily_and_risk.sql, V009 and V020; {@code match_risk} is a view of its risk columns).
 */
public final class MatchDailyTable extends ColumnTable<MatchDay> {
    private static final long serialVersionUID = 1L;

    public MatchDailyTable() {
        super("match_daily");
        string("match_id", d -> d.matchId);
        date("day", d -> d.day);
        string("program_id", d -> d.programId);
        string("cohort_id", d -> d.cohortId);
        string("timezone", d -> d.timezone);
        string("status", d -> d.status);
        string("status_reason", d -> d.statusReason);
        string("status_initiated_by", d -> d.statusInitiatedBy);
        int32("days_since_start", d -> d.daysSinceStart);
        bool("two_way_contact", d -> d.twoWayContact);
        nullableUtcTime("last_two_way_contact", d -> d.lastTwoWayContact);
        int32("days_since_two_way_contact", d -> d.daysSinceTwoWayContact);
        uint16("two_way_days_28d", d -> d.twoWayDays28d);
        uint32("two_way_days_total", d -> d.twoWayDaysTotal);
        uint16("meetings_held", d -> d.meetingsHeld);
        uint32("meeting_minutes", d -> d.meetingMinutes);
        uint16("messages_from_mentor", d -> d.messagesFromMentor);
        uint16("messages_from_mentee", d -> d.messagesFromMentee);
        uint32Map("contacts_by_channel", d -> d.contactsByChannel);
        nullableUint16("meeting_every_days", d -> d.meetingEveryDays);
        uint16("meetings_held_28d", d -> d.meetingsHeld28d);
        uint16("meetings_held_56d", d -> d.meetingsHeld56d);
        nullableFloat64("cadence_adherence_28d", d -> d.cadenceAdherence28d);
        nullableFloat64("cadence_adherence_56d", d -> d.cadenceAdherence56d);
        nullableFloat64("overdue_ratio", d -> d.overdueRatio);
        nullableUint16("message_every_days", d -> d.messageEveryDays);
        uint16("message_days_28d", d -> d.messageDays28d);
        nullableFloat64("message_cadence_adherence_28d", d -> d.messageCadenceAdherence28d);
        nullableFloat64("preferred_channel_share_28d", d -> d.preferredChannelShare28d);
        nullableFloat64("median_answer_hours_mentor", d -> d.medianAnswerHoursMentor);
        nullableFloat64("median_answer_hours_mentee", d -> d.medianAnswerHoursMentee);
        nullableFloat64("unanswered_share_56d", d -> d.unansweredShare56d);
        nullableFloat64("mentee_initiative_share_56d", d -> d.menteeInitiativeShare56d);
        uint16("meetings_scheduled_56d", d -> d.meetingsScheduled56d);
        uint16("cancellations_56d", d -> d.cancellations56d);
        uint16("late_cancellations_56d", d -> d.lateCancellations56d);
        uint16("no_shows_56d", d -> d.noShows56d);
        uint16("reschedules_56d", d -> d.reschedules56d);
        uint16("connection_issues_56d", d -> d.connectionIssues56d);
        nullableInt32("days_to_first_meeting", d -> d.daysToFirstMeeting);
        nullableUint8("latest_satisfaction", d -> d.latestSatisfaction);
        nullableFloat64("satisfaction_trend", d -> d.satisfactionTrend);
        string("feedback_instrument", d -> d.feedbackInstrument);
        float64Map("feedback_scores", d -> d.feedbackScores);
        uint16("goals_set", d -> d.goalsSet);
        uint16("goals_progressed", d -> d.goalsProgressed);
        uint16("goals_achieved", d -> d.goalsAchieved);
        nullableInt32("days_since_goal_progress", d -> d.daysSinceGoalProgress);
        uint8("kickoff_attended", d -> d.kickoffAttended);
        uint8("midpoint_attended", d -> d.midpointAttended);
        uint8("closure_attended", d -> d.closureAttended);
        uint16("cohort_sessions_missed", d -> d.cohortSessionsMissed);
        nullableFloat64("off_hours_share_mentor", d -> d.offHoursShareMentor);
        nullableFloat64("off_hours_share_mentee", d -> d.offHoursShareMentee);
        bool("first_meeting_held", d -> d.firstMeetingHeld);
        bool("three_conversations", d -> d.threeConversations);
        uint16("surveys_sent", d -> d.surveysSent);
        uint16("surveys_answered", d -> d.surveysAnswered);
        nullableFloat64("survey_response_rate", d -> d.surveyResponseRate);
        uint16("outreach_30d", d -> d.outreach30d);
        uint16("resources_shared_56d", d -> d.resourcesShared56d);
        nullableFloat64("contact_trend_6w", d -> d.contactTrend6w);
        int32("silent_days_for_risk", d -> d.silentDaysForRisk);
        uint16("stall_threshold_days", d -> d.stallThresholdDays);
        uint8("score", d -> d.score);
        string("level", d -> d.level);
        // the factor maps are ALIAS columns that rebuild themselves from these arrays (V020)
        float64Array("factor_point_array", d -> d.factorPointArray);
        float64Array("factor_value_array", d -> d.factorValueArray);
        string("why", d -> d.why);
        uint64("version", d -> d.version);
        bool("is_deleted", d -> d.deleted);
    }
}
