-- Alert transitions (SPEC 6 and 7): raised, nudged, escalated, acknowledged, snoozed, resolved, each with its
-- time and cause. The alerting service writes it; this migration fixes the contract dashboards rely on.
CREATE TABLE IF NOT EXISTS mentorpulse.alerts
(
    alert_id      String,
    match_id      String,
    program_id    String,
    cohort_id     String,
    kind          LowCardinality(String) COMMENT 'at_risk or stalled',
    transition    LowCardinality(String) COMMENT 'raised, nudged, escalated, acknowledged, snoozed, resolved',
    at            DateTime64(3, 'UTC'),
    cause         String COMMENT 'why: the risk reasons, or the person and their note',
    actor         String COMMENT 'system, or the program manager who acted',
    channel       LowCardinality(String) COMMENT 'email, slack, teams, webhook, or empty',
    version       UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(at)
ORDER BY (match_id, alert_id, transition, at);
