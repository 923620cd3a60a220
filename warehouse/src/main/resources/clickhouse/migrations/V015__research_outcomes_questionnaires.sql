-- The research rows carry the latest answer to a validated questionnaire (MFQ-9, the Mentoring Competency
-- Assessment: see the schemas' questionnaires): which instrument and version, who answered, and each subscale's
-- score (the mean of its items). Item answers themselves stay in the live database.
ALTER TABLE mentorpulse_research.match_outcomes
    ADD COLUMN IF NOT EXISTS questionnaire LowCardinality(String) DEFAULT '' AFTER closure_initiator,
    ADD COLUMN IF NOT EXISTS questionnaire_version Nullable(UInt16) AFTER questionnaire,
    ADD COLUMN IF NOT EXISTS questionnaire_respondent LowCardinality(String) DEFAULT '' AFTER questionnaire_version,
    ADD COLUMN IF NOT EXISTS subscale_scores Map(String, Float64) AFTER questionnaire_respondent;
ALTER TABLE mentorpulse_research.match_outcomes
    COMMENT COLUMN questionnaire 'the validated instrument of the latest such answer (mfq-9, mca-26), or empty',
    COMMENT COLUMN questionnaire_version 'the version of that instrument''s definition',
    COMMENT COLUMN questionnaire_respondent 'who answered it: mentor or mentee',
    COMMENT COLUMN subscale_scores 'each subscale''s score, the mean of its items (mfq-9: career_support, psychosocial_support, role_modeling)',
    COMMENT COLUMN meeting_every_days 'the agreed meeting cadence in days at the censor date, if one was agreed',
    COMMENT COLUMN two_way_days_30d 'days with two-way contact in the first 30 days',
    COMMENT COLUMN censor_date 'end_date if the match ended, else the last day evaluated',
    COMMENT COLUMN outcome 'completed, closed_early or active (censored)',
    COMMENT COLUMN closed_early 'the survival event: 1 if the match closed early';
