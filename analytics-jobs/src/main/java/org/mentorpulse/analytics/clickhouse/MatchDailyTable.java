package org.mentorpulse.analytics.clickhouse;

import org.mentorpulse.analytics.engagement.MatchDay;

/**
 * {@code mentorpulse.match_daily}: the engagement metrics and the commitment risk of one match on one local day
 * (V004__match_daily_and_risk.sql and V009; {@code match_risk} is a view of its risk columns).
 */
public final class MatchDailyTable extends ColumnTable<MatchDay> {
    private static final long serialVersionUID = 1L;

    public MatchDailyTable() {
        super("match_daily");
        column("match_id", (ps, i, d) -> ps.setString(i, d.matchId));
        column("day", (ps, i, d) -> date(ps, i, d.day));
        column("program_id", (ps, i, d) -> ps.setString(i, d.programId));
        column("cohort_id", (ps, i, d) -> ps.setString(i, d.cohortId));
        column("timezone", (ps, i, d) -> ps.setString(i, d.timezone));
        column("status", (ps, i, d) -> ps.setString(i, d.status));
        column("status_reason", (ps, i, d) -> ps.setString(i, d.statusReason));
        column("status_initiated_by", (ps, i, d) -> ps.setString(i, d.statusInitiatedBy));
        column("days_since_start", (ps, i, d) -> ps.setInt(i, d.daysSinceStart));
        column("two_way_contact", (ps, i, d) -> ps.setInt(i, d.twoWayContact ? 1 : 0));
        column("last_two_way_contact", (ps, i, d) -> nullableUtcTime(ps, i, d.lastTwoWayContact));
        column("days_since_two_way_contact", (ps, i, d) -> ps.setInt(i, d.daysSinceTwoWayContact));
        column("two_way_days_28d", (ps, i, d) -> ps.setInt(i, d.twoWayDays28d));
        column("two_way_days_total", (ps, i, d) -> ps.setInt(i, d.twoWayDaysTotal));
        column("meetings_held", (ps, i, d) -> ps.setInt(i, d.meetingsHeld));
        column("meeting_minutes", (ps, i, d) -> ps.setInt(i, d.meetingMinutes));
        column("messages_from_mentor", (ps, i, d) -> ps.setInt(i, d.messagesFromMentor));
        column("messages_from_mentee", (ps, i, d) -> ps.setInt(i, d.messagesFromMentee));
        column("contacts_by_channel", (ps, i, d) -> ps.setObject(i, d.contactsByChannel));
        column("meeting_every_days", (ps, i, d) -> nullableInt(ps, i, d.meetingEveryDays));
        column("meetings_held_28d", (ps, i, d) -> ps.setInt(i, d.meetingsHeld28d));
        column("meetings_held_56d", (ps, i, d) -> ps.setInt(i, d.meetingsHeld56d));
        column("cadence_adherence_28d", (ps, i, d) -> nullableDouble(ps, i, d.cadenceAdherence28d));
        column("cadence_adherence_56d", (ps, i, d) -> nullableDouble(ps, i, d.cadenceAdherence56d));
        column("overdue_ratio", (ps, i, d) -> nullableDouble(ps, i, d.overdueRatio));
        column("message_every_days", (ps, i, d) -> nullableInt(ps, i, d.messageEveryDays));
        column("message_days_28d", (ps, i, d) -> ps.setInt(i, d.messageDays28d));
        column("message_cadence_adherence_28d", (ps, i, d) -> nullableDouble(ps, i, d.messageCadenceAdherence28d));
        column("preferred_channel_share_28d", (ps, i, d) -> nullableDouble(ps, i, d.preferredChannelShare28d));
        column("median_answer_hours_mentor", (ps, i, d) -> nullableDouble(ps, i, d.medianAnswerHoursMentor));
        column("median_answer_hours_mentee", (ps, i, d) -> nullableDouble(ps, i, d.medianAnswerHoursMentee));
        column("unanswered_share_56d", (ps, i, d) -> nullableDouble(ps, i, d.unansweredShare56d));
        column("mentee_initiative_share_56d", (ps, i, d) -> nullableDouble(ps, i, d.menteeInitiativeShare56d));
        column("meetings_scheduled_56d", (ps, i, d) -> ps.setInt(i, d.meetingsScheduled56d));
        column("cancellations_56d", (ps, i, d) -> ps.setInt(i, d.cancellations56d));
        column("late_cancellations_56d", (ps, i, d) -> ps.setInt(i, d.lateCancellations56d));
        column("no_shows_56d", (ps, i, d) -> ps.setInt(i, d.noShows56d));
        column("reschedules_56d", (ps, i, d) -> ps.setInt(i, d.reschedules56d));
        column("connection_issues_56d", (ps, i, d) -> ps.setInt(i, d.connectionIssues56d));
        column("days_to_first_meeting", (ps, i, d) -> nullableInt(ps, i, d.daysToFirstMeeting));
        column("latest_satisfaction", (ps, i, d) -> nullableInt(ps, i, d.latestSatisfaction));
        column("satisfaction_trend", (ps, i, d) -> nullableDouble(ps, i, d.satisfactionTrend));
        column("feedback_instrument", (ps, i, d) -> ps.setString(i, d.feedbackInstrument));
        column("feedback_scores", (ps, i, d) -> ps.setObject(i, d.feedbackScores));
        column("goals_set", (ps, i, d) -> ps.setInt(i, d.goalsSet));
        column("goals_progressed", (ps, i, d) -> ps.setInt(i, d.goalsProgressed));
        column("goals_achieved", (ps, i, d) -> ps.setInt(i, d.goalsAchieved));
        column("days_since_goal_progress", (ps, i, d) -> nullableInt(ps, i, d.daysSinceGoalProgress));
        column("kickoff_attended", (ps, i, d) -> ps.setInt(i, d.kickoffAttended));
        column("midpoint_attended", (ps, i, d) -> ps.setInt(i, d.midpointAttended));
        column("closure_attended", (ps, i, d) -> ps.setInt(i, d.closureAttended));
        column("cohort_sessions_missed", (ps, i, d) -> ps.setInt(i, d.cohortSessionsMissed));
        column("off_hours_share_mentor", (ps, i, d) -> nullableDouble(ps, i, d.offHoursShareMentor));
        column("off_hours_share_mentee", (ps, i, d) -> nullableDouble(ps, i, d.offHoursShareMentee));
        column("first_meeting_held", (ps, i, d) -> ps.setInt(i, d.firstMeetingHeld ? 1 : 0));
        column("three_conversations", (ps, i, d) -> ps.setInt(i, d.threeConversations ? 1 : 0));
        column("surveys_sent", (ps, i, d) -> ps.setInt(i, d.surveysSent));
        column("surveys_answered", (ps, i, d) -> ps.setInt(i, d.surveysAnswered));
        column("survey_response_rate", (ps, i, d) -> nullableDouble(ps, i, d.surveyResponseRate));
        column("outreach_30d", (ps, i, d) -> ps.setInt(i, d.outreach30d));
        column("resources_shared_56d", (ps, i, d) -> ps.setInt(i, d.resourcesShared56d));
        column("contact_trend_6w", (ps, i, d) -> nullableDouble(ps, i, d.contactTrend6w));
        column("silent_days_for_risk", (ps, i, d) -> ps.setInt(i, d.silentDaysForRisk));
        column("stall_threshold_days", (ps, i, d) -> ps.setInt(i, d.stallThresholdDays));
        column("score", (ps, i, d) -> ps.setInt(i, d.score));
        column("level", (ps, i, d) -> ps.setString(i, d.level));
        column("factors", (ps, i, d) -> ps.setObject(i, d.contributions));
        column("factor_values", (ps, i, d) -> ps.setObject(i, d.factorValues));
        column("why", (ps, i, d) -> ps.setString(i, d.why));
        column("version", (ps, i, d) -> ps.setLong(i, d.version));
        column("is_deleted", (ps, i, d) -> ps.setInt(i, d.deleted ? 1 : 0));
    }
}
