-- The researchers' table (SPEC 7 and 8): one row per match, pseudonymised with a keyed hash (HMAC with a
-- deployment secret), dates rather than timestamps, ready for survival analysis: start, end or censoring
-- date, the event (closed early), and covariates. Researchers read only this database.
CREATE TABLE IF NOT EXISTS mentorpulse_research.match_outcomes
(
    match_pseudonym          String,
    mentor_pseudonym         String,
    mentee_pseudonym         String,
    program_id               String,
    cohort_pseudonym         String,
    matched_by               LowCardinality(String),
    meeting_every_days       Nullable(UInt16),
    planned_duration_days    Nullable(Int32),
    start_date               Date,
    end_date                 Nullable(Date),
    censor_date              Date COMMENT 'end_date if ended, else the last evaluated day',
    outcome                  LowCardinality(String) COMMENT 'completed, closed_early or active',
    closed_early             UInt8 COMMENT 'the survival event',
    duration_days            Int32,
    two_way_days_30d         UInt16 COMMENT 'engagement features over the first 30/60/90 days',
    two_way_days_60d         UInt16,
    two_way_days_90d         UInt16,
    meetings_30d             UInt16,
    meetings_60d             UInt16,
    meetings_90d             UInt16,
    messages_30d             UInt16,
    messages_60d             UInt16,
    messages_90d             UInt16,
    final_satisfaction       Nullable(UInt8),
    goals_achieved           UInt16,
    closure_reason           String,
    closure_initiator        LowCardinality(String),
    version                  UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY match_pseudonym;
