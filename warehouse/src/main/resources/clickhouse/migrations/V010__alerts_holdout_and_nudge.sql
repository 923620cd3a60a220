-- A raised alert records whether its match is held out of nudges (the share that measures their lift) and, if
-- not, when the pair may be nudged with their quiet hours respected. Other transitions leave both empty.
ALTER TABLE mentorpulse.alerts
    ADD COLUMN IF NOT EXISTS held_out Nullable(UInt8) AFTER channel,
    ADD COLUMN IF NOT EXISTS nudge_due_at Nullable(DateTime64(3, 'UTC')) AFTER held_out;
