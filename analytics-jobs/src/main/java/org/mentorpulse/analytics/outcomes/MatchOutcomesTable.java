package org.mentorpulse.analytics.outcomes;

import org.mentorpulse.analytics.clickhouse.ColumnTable;
import org.mentorpulse.warehouse.SchemaMigrator;

/**
 * {@code mentorpulse_research.match_outcomes} (V007, V014, V015): the research table, where ids leave the
 * pipeline only as keyed pseudonyms. This is the one place they are made, so the key is needed only by the sink
 * that writes here.
 */
public final class MatchOutcomesTable extends ColumnTable<MatchOutcome> {
    private static final long serialVersionUID = 1L;

    public MatchOutcomesTable(Pseudonyms pseudonyms) {
        super("match_outcomes");
        column("match_pseudonym", (ps, i, o) -> ps.setString(i, pseudonyms.match(o.matchId)));
        column("mentor_pseudonym", (ps, i, o) -> ps.setString(i, pseudonyms.participant(o.mentorId)));
        column("mentee_pseudonym", (ps, i, o) -> ps.setString(i, pseudonyms.participant(o.menteeId)));
        column("program_id", (ps, i, o) -> ps.setString(i, o.programId));
        column("cohort_pseudonym", (ps, i, o) -> ps.setString(i, pseudonyms.cohort(o.cohortId)));
        column("matched_by", (ps, i, o) -> ps.setString(i, o.matchedBy));
        column("meeting_every_days", (ps, i, o) -> nullableInt(ps, i, o.meetingEveryDays));
        column("planned_duration_days", (ps, i, o) -> nullableInt(ps, i, o.plannedDurationDays));
        column("start_date", (ps, i, o) -> date(ps, i, o.startDate));
        column("end_date", (ps, i, o) -> {
            if (o.endDate == null) {
                ps.setNull(i, java.sql.Types.DATE);
            } else {
                date(ps, i, o.endDate);
            }
        });
        column("censor_date", (ps, i, o) -> date(ps, i, o.censorDate));
        column("outcome", (ps, i, o) -> ps.setString(i, o.outcome));
        column("closed_early", (ps, i, o) -> ps.setInt(i, o.closedEarly() ? 1 : 0));
        column("duration_days", (ps, i, o) -> ps.setInt(i, o.durationDays));
        String[] features = {"two_way_days", "meetings", "messages"};
        for (int w = 0; w < MatchOutcome.FEATURE_WINDOWS.length; w++) {
            int window = w;
            String suffix = "_" + MatchOutcome.FEATURE_WINDOWS[w] + "d";
            column(features[0] + suffix, (ps, i, o) -> ps.setInt(i, o.twoWayDays[window]));
            column(features[1] + suffix, (ps, i, o) -> ps.setInt(i, o.meetings[window]));
            column(features[2] + suffix, (ps, i, o) -> ps.setInt(i, o.messages[window]));
        }
        column("final_satisfaction", (ps, i, o) -> nullableInt(ps, i, o.finalSatisfaction));
        column("goals_achieved", (ps, i, o) -> ps.setInt(i, o.goalsAchieved));
        column("closure_reason", (ps, i, o) -> ps.setString(i, o.closureReason));
        column("closure_initiator", (ps, i, o) -> ps.setString(i, o.closureInitiator));
        column("questionnaire", (ps, i, o) -> ps.setString(i, o.questionnaire));
        column("questionnaire_version", (ps, i, o) -> nullableInt(ps, i, o.questionnaireVersion));
        column("questionnaire_respondent", (ps, i, o) -> ps.setString(i, o.questionnaireRespondent));
        column("subscale_scores", (ps, i, o) -> ps.setObject(i, o.subscaleScores));
        column("version", (ps, i, o) -> ps.setLong(i, o.version));
    }

    @Override
    protected String databaseOf(String targetDatabase) {
        return SchemaMigrator.researchDatabase(targetDatabase);
    }
}
