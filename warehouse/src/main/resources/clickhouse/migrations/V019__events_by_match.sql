-- The events are kept in the order of their match. Sorted by (source, id) alone, a match's timeline panels read
-- every granule of the table under FINAL (0.3 to 0.4 s on a million events); sorted by (match_id, source, id) they
-- read the few that hold the match. The replacing key stays what identifies an event: an event always carries the
-- same match, so (match_id, source, id) collapses exactly the copies (source, id) did.
-- The sorting key of a table cannot be changed in place, so the rows are copied into a table sorted so, and the
-- two are exchanged. Dropping a half-made copy first keeps this safe to run again after a failure at any step.
DROP TABLE IF EXISTS mentorpulse.events_by_match;

CREATE TABLE mentorpulse.events_by_match AS mentorpulse.events
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(time)
ORDER BY (match_id, source, id);

INSERT INTO mentorpulse.events_by_match SELECT * FROM mentorpulse.events;

EXCHANGE TABLES mentorpulse.events AND mentorpulse.events_by_match;

DROP TABLE mentorpulse.events_by_match;
