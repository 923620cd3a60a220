-- The match's local day each transition is about, as the alerting app records it: what comparisons with the
-- match's days (resumed contact after a nudge) are counted from. The transition's `at` is when it happened.
ALTER TABLE mentorpulse.alerts
    ADD COLUMN IF NOT EXISTS day Date COMMENT 'the match''s local day the transition is about' AFTER transition;
