-- Each match's latest day, as a table the dashboards and the console read instead of finding it among all days.
-- match_current used to pick the latest of every match's days under FINAL on every read: 230 to 450 ms per panel
-- on 30,000 matches. A plain materialized view cannot keep it (it sees inserts only: a withdrawn day, or an end
-- learned late, would leave a stale latest row), so a refreshable one recomputes it from match_daily under FINAL
-- every minute and swaps the table whole. Readers that must see the rows just written (the demo, tests,
-- benchmarks) ask for a refresh first: SYSTEM REFRESH VIEW, then SYSTEM WAIT VIEW (MatchLatest.refresh).
-- A column added to match_daily must be added here too; the view copies the row by name.
CREATE TABLE IF NOT EXISTS mentorpulse.match_latest AS mentorpulse.match_daily
ENGINE = MergeTree
ORDER BY (program_id, match_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS mentorpulse.match_latest_refresh
REFRESH EVERY 1 MINUTE TO mentorpulse.match_latest
AS SELECT *
FROM mentorpulse.match_daily FINAL
ORDER BY match_id, day DESC
LIMIT 1 BY match_id;

CREATE OR REPLACE VIEW mentorpulse.match_current AS
SELECT match_id, day, program_id, cohort_id, timezone, status, level, score, why, days_since_two_way_contact,
       last_two_way_contact, stall_threshold_days, factors
FROM mentorpulse.match_latest;
