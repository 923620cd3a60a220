-- Events that came too late to correct every row they touch (the analytics job's side output). Nothing is
-- dropped silently: 'beyond_allowed_lateness' events were applied from first_open_day on, and the rows of
-- earlier days still lack them until a backfill; 'match_state_cleared' events arrived after an ended match's
-- state was cleared and were not applied. Keyed by the event, so a replay writes the same keys again.
CREATE TABLE IF NOT EXISTS mentorpulse.late_events
(
    source          String,
    id              String,
    type            LowCardinality(String),
    match_id        String,
    event_time      DateTime64(3, 'UTC'),
    received_time   DateTime64(3, 'UTC'),
    watermark       DateTime64(3, 'UTC') COMMENT 'the job''s event-time clock when the event arrived',
    first_open_day  Nullable(Date) COMMENT 'the first day that was still corrected',
    reason          LowCardinality(String)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (source, id, reason);
