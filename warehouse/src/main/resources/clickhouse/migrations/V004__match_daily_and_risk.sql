-- One row per match and local day (the mentee's zone): the engagement metrics of SPEC 4 and the commitment
-- risk of SPEC 5, written together by the analytics job. match_risk, the table of the first version, becomes a
-- view of the risk columns: one row to write per match and day instead of two, and the metrics and the risk of
-- a day can never be seen half updated. Its rows were derived data; the job rewrites them from the Kafka log
-- (the local pipeline replays the log at every start; on a cluster, run a backfill after upgrading).
--
-- A recomputed row for the same (match_id, day) replaces the old one: the highest version wins, and versions
-- are processing time, so a late correction or a backfill outranks what it corrects. A row with is_deleted = 1
-- withdraws a day that should not exist (e.g. evaluated before the late news that the match had ended). Exact
-- reads use FINAL, which applies both rules; the match_risk view below does so itself.
-- Windows (_28d, _56d, _30d, _6w) are trailing and end with the day. Nullable means "nothing to measure yet"
-- (no agreement, no answered message, no feedback), which is not the same as zero.
DROP TABLE IF EXISTS mentorpulse.match_risk;
CREATE TABLE IF NOT EXISTS mentorpulse.match_daily
(
    match_id                      String,
    day                           Date COMMENT 'local day in the match time zone',
    program_id                    String,
    cohort_id                     String,
    timezone                      LowCardinality(String),
    status                        LowCardinality(String),
    days_since_start              Int32,
    -- contact
    two_way_contact               UInt8 COMMENT '1 if both parties took part this day (a meeting held, or a message answered)',
    last_two_way_contact          Nullable(DateTime64(3, 'UTC')),
    days_since_two_way_contact    Int32,
    two_way_days_28d              UInt16,
    two_way_days_total            UInt32,
    meetings_held                 UInt16,
    meeting_minutes               UInt32,
    messages_from_mentor          UInt16,
    messages_from_mentee          UInt16,
    contacts_by_channel           Map(String, UInt32) COMMENT 'messages and meetings of the day by channel',
    -- cadence against the agreement
    meeting_every_days            Nullable(UInt16),
    meetings_held_28d             UInt16,
    meetings_held_56d             UInt16,
    cadence_adherence_28d         Nullable(Float64) COMMENT 'meetings held / meetings the agreement expects',
    cadence_adherence_56d         Nullable(Float64),
    overdue_ratio                 Nullable(Float64) COMMENT 'days since two-way contact / meeting_every_days',
    -- responsiveness and initiative
    median_answer_hours_mentor    Nullable(Float64) COMMENT 'median hours the mentor took to answer, 56 days',
    median_answer_hours_mentee    Nullable(Float64),
    unanswered_share_56d          Nullable(Float64) COMMENT 'messages left unanswered for 7 days',
    mentee_initiative_share_56d   Nullable(Float64) COMMENT 'threads and meetings started by the mentee',
    -- reliability and friction
    meetings_scheduled_56d        UInt16,
    cancellations_56d             UInt16,
    late_cancellations_56d        UInt16 COMMENT 'less than 24 hours notice',
    no_shows_56d                  UInt16,
    reschedules_56d               UInt16,
    connection_issues_56d         UInt16,
    days_to_first_meeting         Nullable(Int32),
    -- feedback and goals
    latest_satisfaction           Nullable(UInt8),
    satisfaction_trend            Nullable(Float64) COMMENT 'latest minus the previous response',
    feedback_instrument           LowCardinality(String),
    feedback_scores               Map(String, Float64) COMMENT 'item scores of the latest response, e.g. MFQ-9 items',
    goals_set                     UInt16,
    goals_progressed              UInt16,
    goals_achieved                UInt16,
    days_since_goal_progress      Nullable(Int32),
    -- cohort sessions, off-hours, milestones, staff support, trend
    kickoff_attended              UInt8 COMMENT 'how many of the pair attended (0-2)',
    midpoint_attended             UInt8,
    closure_attended              UInt8,
    cohort_sessions_missed        UInt16,
    off_hours_share_mentor        Nullable(Float64) COMMENT 'meetings starting outside 08:00-20:00 in the mentor''s zone',
    off_hours_share_mentee        Nullable(Float64),
    first_meeting_held            UInt8,
    three_conversations           UInt8 COMMENT 'two-way contact on at least 3 days',
    surveys_sent                  UInt16,
    surveys_answered              UInt16,
    survey_response_rate          Nullable(Float64),
    outreach_30d                  UInt16 COMMENT 'program-manager contacts with the pair, 30 days',
    resources_shared_56d          UInt16,
    contact_trend_6w              Nullable(Float64) COMMENT 'slope of two-way contact days per week over 6 weeks',
    -- commitment risk (SPEC 5)
    silent_days_for_risk          Int32 COMMENT 'days without two-way contact, paused days excepted',
    stall_threshold_days          UInt16 COMMENT 'max(2 x meeting_every_days, 21) by default; per program',
    score                         UInt8 COMMENT '0-100: the sum of the factor contributions',
    level                         LowCardinality(String) COMMENT 'on_track, watch, at_risk, stalled, ended',
    factors                       Map(String, Float64) COMMENT 'each factor''s contribution to the score, in points',
    factor_values                 Map(String, Float64) COMMENT 'each factor''s value from 0 to 1',
    why                           String COMMENT 'the main reasons, strongest first',
    version                       UInt64,
    is_deleted                    UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(version, is_deleted)
PARTITION BY toYYYYMM(day)
ORDER BY (match_id, day);

-- The risk of each match and day, as SPEC 7 names it; the latest row per match is its current risk.
CREATE VIEW IF NOT EXISTS mentorpulse.match_risk AS
SELECT match_id, day, program_id, cohort_id, timezone, status, last_two_way_contact, days_since_two_way_contact,
       silent_days_for_risk, stall_threshold_days, score, level, factors, factor_values, why
FROM mentorpulse.match_daily FINAL;
