-- What ingestion and later stages refused (SPEC 7), one row per dead letter, so data problems are visible
-- and an event can be fixed and replayed. The original payload holds only fields the catalogue knows
-- (content is cut at the door). Rows are keyed by their position in the dead-letter topic, so a replay of
-- the topic writes the same keys again and ReplacingMergeTree keeps one.
CREATE TABLE IF NOT EXISTS mentorpulse.rejected_events
(
    rejected_at       DateTime64(3, 'UTC'),
    rejected_by       LowCardinality(String),
    rejector_version  LowCardinality(String),
    sender            LowCardinality(String),
    source            String,
    event_id          String,
    event_type        LowCardinality(String),
    fields            Array(String),
    codes             Array(LowCardinality(String)),
    reasons           Array(String),
    original_payload  String,
    dlq_partition     UInt32,
    dlq_offset        UInt64
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(rejected_at)
ORDER BY (dlq_partition, dlq_offset);
