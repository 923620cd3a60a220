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
        string("match_pseudonym", o -> pseudonyms.match(o.matchId));
        string("mentor_pseudonym", o -> pseudonyms.participant(o.mentorId));
        string("mentee_pseudonym", o -> pseudonyms.participant(o.menteeId));
        string("program_id", o -> o.programId);
        string("cohort_pseudonym", o -> pseudonyms.cohort(o.cohortId));
        string("matched_by", o -> o.matchedBy);
        nullableUint16("meeting_every_days", o -> o.meetingEveryDays);
        nullableInt32("planned_duration_days", o -> o.plannedDurationDays);
        date("start_date", o -> o.startDate);
        nullableDate("end_date", o -> o.endDate);
        date("censor_date", o -> o.censorDate);
        string("outcome", o -> o.outcome);
        bool("closed_early", MatchOutcome::closedEarly);
        int32("duration_days", o -> o.durationDays);
        String[] features = {"two_way_days", "meetings", "messages"};
        for (int w = 0; w < MatchOutcome.FEATURE_WINDOWS.length; w++) {
            int window = w;
            String suffix = "_" + MatchOutcome.FEATURE_WINDOWS[w] + "d";
            uint16(features[0] + suffix, o -> o.twoWayDays[window]);
            uint16(features[1] + suffix, o -> o.meetings[window]);
            uint16(features[2] + suffix, o -> o.messages[window]);
        }
        nullableUint8("final_satisfaction", o -> o.finalSatisfaction);
        uint16("goals_achieved", o -> o.goalsAchieved);
        string("closure_reason", o -> o.closureReason);
        string("closure_initiator", o -> o.closureInitiator);
        string("questionnaire", o -> o.questionnaire);
        nullableUint16("questionnaire_version", o -> o.questionnaireVersion);
        string("questionnaire_respondent", o -> o.questionnaireRespondent);
        float64Map("subscale_scores", o -> o.subscaleScores);
        uint64("version", o -> o.version);
    }

    @Override
    public String databaseOf(String targetDatabase) {
        return SchemaMigrator.researchDatabase(targetDatabase);
    }
}
