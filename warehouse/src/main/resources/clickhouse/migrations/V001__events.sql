-- Every accepted canonical event, metadata only (SPEC 7). Rows are keyed by (source, id): a replay or a
-- duplicate delivery writes the same key again and ReplacingMergeTree keeps one; exact counts use FINAL.
CREATE TABLE IF NOT EXISTS mentorpulse.events
(
    source          String,
    id              String,
    type            LowCardinality(String),
    time            DateTime64(3, 'UTC'),
    received_time   DateTime64(3, 'UTC'),
    match_id        String,
    actor_id        String,
    channel         LowCardinality(String)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(time)
ORDER BY (source, id);
