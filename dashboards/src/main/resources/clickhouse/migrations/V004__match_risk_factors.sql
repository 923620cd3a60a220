-- match_risk gains every factor of SPEC 5, the local time zone, the reasons in words, and tombstones.
-- The engine changes (a version *and* an is_deleted column), which ClickHouse cannot alter in place, so the
-- table is recreated. Its rows are derived data: the analytics job rewrites them from the Kafka log (the local
-- pipeline replays the log at every start; on a cluster, run a backfill after upgrading).
--
-- One row per match and local day. A recomputed row for the same (match_id, day) replaces the old one: the
-- highest version wins, and versions are processing time, so a late correction or a backfill outranks what it
-- corrects. A row with is_deleted = 1 withdraws a day that should not exist (e.g. evaluated before the late
-- news that the match had already ended). Exact reads use FINAL, which applies both rules.
DROP TABLE IF EXISTS mentorpulse.match_risk;
CREATE TABLE mentorpulse.match_risk
(
    match_id                     String,
    day                          Date COMMENT 'local day in the match time zone',
    program_id                   String,
    cohort_id                    String,
    timezone                     LowCardinality(String) COMMENT 'the mentee''s IANA zone, else the mentor''s, else UTC',
    status                       LowCardinality(String) COMMENT 'active, paused or ended at the end of the day',
    last_two_way_contact         Nullable(DateTime64(3, 'UTC')),
    days_since_two_way_contact   Int32,
    silent_days_for_risk         Int32 COMMENT 'days without two-way contact, paused days excepted',
    stall_threshold_days         UInt16 COMMENT 'max(2 x meeting_every_days, 21) by default; per program',
    score                        UInt8 COMMENT '0-100: the sum of the factor contributions',
    level                        LowCardinality(String) COMMENT 'on_track, watch, at_risk, stalled, ended',
    factors                      Map(String, Float64) COMMENT 'each factor''s contribution to the score, in points',
    factor_values                Map(String, Float64) COMMENT 'each factor''s value from 0 to 1',
    why                          String COMMENT 'the main reasons, strongest first',
    version                      UInt64,
    is_deleted                   UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(version, is_deleted)
PARTITION BY toYYYYMM(day)
ORDER BY (match_id, day);
