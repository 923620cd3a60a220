-- What the agreement says about messaging and channels, measured, and why a match's status last changed.
-- message_every_days is the agreed "in touch every N days"; message_days_28d the days of the last 28 with a
-- message in either direction; message_cadence_adherence_28d their ratio to what was agreed, over the days the
-- match existed (NULL without an agreed messaging cadence). preferred_channel_share_28d is the share of the
-- last 28 days' messages and meetings on the channels the pair chose (NULL if they chose none, or no contact).
-- status_reason and status_initiated_by come from the latest match.status.changed: for an ended match, why it
-- ended and who ended it (the research data needs them).
ALTER TABLE mentorpulse.match_daily
    ADD COLUMN IF NOT EXISTS status_reason LowCardinality(String) DEFAULT '' AFTER status,
    ADD COLUMN IF NOT EXISTS status_initiated_by LowCardinality(String) DEFAULT '' AFTER status_reason,
    ADD COLUMN IF NOT EXISTS message_every_days Nullable(UInt16) AFTER overdue_ratio,
    ADD COLUMN IF NOT EXISTS message_days_28d UInt16 DEFAULT 0 AFTER message_every_days,
    ADD COLUMN IF NOT EXISTS message_cadence_adherence_28d Nullable(Float64) AFTER message_days_28d,
    ADD COLUMN IF NOT EXISTS preferred_channel_share_28d Nullable(Float64) AFTER message_cadence_adherence_28d;
