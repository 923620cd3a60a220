-- match_cohort_relative (V008) ranked a cohort's matches into octiles by activity alone. Matches with the same
-- activity (often many at 0) then fell into octiles in whatever order ClickHouse read them, so the same day could
-- put a match in octile 1 on one read and in octile 2 on the next, and the "Least active for their cohort" panel
-- changed between refreshes without a row having changed. Ties now go by match id: the same rows, the same ranks.
CREATE OR REPLACE VIEW mentorpulse.match_cohort_relative AS
SELECT match_id, day, program_id, cohort_id, two_way_days_28d, cohort_matches,
       if(cohort_matches < 5 OR cohort_stddev = 0, NULL, (two_way_days_28d - cohort_mean) / cohort_stddev) AS activity_zscore,
       if(cohort_matches < 5, NULL, octile) AS activity_octile
FROM
(
    SELECT match_id, day, program_id, cohort_id, two_way_days_28d,
           count() OVER cohort_day AS cohort_matches,
           avg(two_way_days_28d) OVER cohort_day AS cohort_mean,
           stddevPop(two_way_days_28d) OVER cohort_day AS cohort_stddev,
           ntile(8) OVER (PARTITION BY program_id, cohort_id, day ORDER BY two_way_days_28d, match_id) AS octile
    FROM mentorpulse.match_daily FINAL
    WHERE status != 'ended'
    WINDOW cohort_day AS (PARTITION BY program_id, cohort_id, day)
);
