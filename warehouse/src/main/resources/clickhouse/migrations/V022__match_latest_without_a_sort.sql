-- match_latest_refresh (V017, V020) sorted every day row of every match under FINAL to keep each match's latest
-- one: all of match_daily's rows in memory at once, about 900 MB of ClickHouse's memory at 2.6 million day rows
-- (30,000 matches over 90 days), every minute in a live database. It now finds each match's latest day first (a
-- GROUP BY over two columns) and copies only those rows. The same rows: under FINAL a (match_id, day) is one row,
-- and LIMIT 1 BY keeps one per match should a match ever have two.
DROP VIEW IF EXISTS mentorpulse.match_latest_refresh;

CREATE MATERIALIZED VIEW mentorpulse.match_latest_refresh
REFRESH EVERY 1 MINUTE TO mentorpulse.match_latest
AS SELECT *
FROM mentorpulse.match_daily FINAL
WHERE (match_id, day) IN (SELECT match_id, max(day) FROM mentorpulse.match_daily FINAL GROUP BY match_id)
LIMIT 1 BY match_id;
