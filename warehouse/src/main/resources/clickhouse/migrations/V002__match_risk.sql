-- One row per match and day (SPEC 5 and 7). A recomputed row for the same (match_id, day) replaces the old
-- one: the highest version wins, and version grows with every event the match has seen, so a late event's
-- correction beats the earlier answer while a replay of the same log writes identical rows.
CREATE TABLE IF NOT EXISTS mentorpulse.match_risk
(
    match_id                     String,
    day                          Date,
    program_id                   String,
    cohort_id                    String,
    last_two_way_contact         Nullable(DateTime64(3, 'UTC')),
    days_since_two_way_contact   Int32,
    stall_threshold_days         UInt16,
    score                        UInt8,
    level                        LowCardinality(String),
    factors                      Map(String, Float64),
    version                      UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(day)
ORDER BY (match_id, day);
