-- The risk factors are stored as two arrays of numbers in a fixed order, not as maps. The maps repeated the seven
-- factor names in every day row, twice: most of what ClickHouse parsed and stored for a row's risk. Readers see
-- no difference: factors and factor_values are still there, as ALIAS columns that rebuild the maps from the
-- arrays when read. The order is RiskFactor's (analytics-jobs); a factor added there is appended here too, by a
-- migration that redefines both aliases.
-- A column cannot become an alias in place, so the rows are copied into a table of the new shape and the two are
-- exchanged, as V019 does. Every step is safe to run again after a failure at any other: the copy reads the
-- factors by name, which the old maps and the new aliases both answer, and a non-STRICT EXCEPT skips what is
-- not there.
DROP TABLE IF EXISTS mentorpulse.match_daily_narrow;

CREATE TABLE mentorpulse.match_daily_narrow AS mentorpulse.match_daily;

ALTER TABLE mentorpulse.match_daily_narrow
    DROP COLUMN IF EXISTS factors,
    DROP COLUMN IF EXISTS factor_values,
    ADD COLUMN IF NOT EXISTS factor_point_array Array(Float64)
        COMMENT 'each factor''s contribution to the score, in points, in the order the factors alias names them',
    ADD COLUMN IF NOT EXISTS factor_value_array Array(Float64)
        COMMENT 'each factor''s value from 0 to 1, in the same order';

INSERT INTO mentorpulse.match_daily_narrow
SELECT * EXCEPT (factors, factor_values, factor_point_array, factor_value_array),
       if(empty(factors), [], arrayMap(f -> factors[f], ['overdue', 'one_sidedness', 'unreliability',
           'declining_trend', 'low_satisfaction', 'missed_milestones', 'friction'])),
       if(empty(factor_values), [], arrayMap(f -> factor_values[f], ['overdue', 'one_sidedness', 'unreliability',
           'declining_trend', 'low_satisfaction', 'missed_milestones', 'friction']))
FROM mentorpulse.match_daily;

-- a row written without factors (a tombstone) has empty arrays, and reads as an empty map, as before
ALTER TABLE mentorpulse.match_daily_narrow
    ADD COLUMN IF NOT EXISTS factors Map(String, Float64) ALIAS mapFromArrays(
        arraySlice(['overdue', 'one_sidedness', 'unreliability', 'declining_trend', 'low_satisfaction',
                    'missed_milestones', 'friction'], 1, length(factor_point_array)), factor_point_array)
        COMMENT 'each factor''s contribution to the score, in points',
    ADD COLUMN IF NOT EXISTS factor_values Map(String, Float64) ALIAS mapFromArrays(
        arraySlice(['overdue', 'one_sidedness', 'unreliability', 'declining_trend', 'low_satisfaction',
                    'missed_milestones', 'friction'], 1, length(factor_value_array)), factor_value_array)
        COMMENT 'each factor''s value from 0 to 1';

EXCHANGE TABLES mentorpulse.match_daily AND mentorpulse.match_daily_narrow;

DROP TABLE mentorpulse.match_daily_narrow;

-- match_latest copies match_daily's rows by name (V017), so it takes the new shape too; it is derived, and the
-- next refresh (within a minute, or RefreshedViews.refreshAll) fills it again.
DROP VIEW IF EXISTS mentorpulse.match_latest_refresh;

DROP TABLE IF EXISTS mentorpulse.match_latest;

CREATE TABLE mentorpulse.match_latest AS mentorpulse.match_daily
ENGINE = MergeTree
ORDER BY (program_id, match_id);

CREATE MATERIALIZED VIEW mentorpulse.match_latest_refresh
REFRESH EVERY 1 MINUTE TO mentorpulse.match_latest
AS SELECT *
FROM mentorpulse.match_daily FINAL
ORDER BY match_id, day DESC
LIMIT 1 BY match_id;
