-- Nudges and escalations name their recipient (a participant or program manager id), and two nudges of one alert
-- at the same instant (mentor and mentee) are two rows: the recipient joins the sorting key.
ALTER TABLE mentorpulse.alerts
    ADD COLUMN IF NOT EXISTS recipient String COMMENT 'who was told: participant or manager id; empty for other transitions' AFTER nudge_due_at,
    MODIFY ORDER BY (match_id, alert_id, transition, at, recipient);

-- The delivery log: what became of each notification on each channel. A failure is also a delivery_failed
-- transition in mentorpulse.alerts, so the program manager sees it.
CREATE TABLE IF NOT EXISTS mentorpulse.deliveries
(
    notification_id String COMMENT 'the idempotency key: the alert, the purpose, the recipient and when it fell due',
    purpose         LowCardinality(String) COMMENT 'nudge, escalation or digest',
    recipient_id    String,
    program_id      String,
    channel         LowCardinality(String) COMMENT 'email, slack, teams, webhook, or none when there was no way to reach them',
    status          LowCardinality(String) COMMENT 'sent; failed (refused for good); gave_up (every retry failed)',
    attempts        UInt16,
    reason          String COMMENT 'why it failed, or empty',
    at              DateTime64(3, 'UTC'),
    alert_ids       Array(String),
    version         UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(at)
ORDER BY (notification_id, channel, status, at);
