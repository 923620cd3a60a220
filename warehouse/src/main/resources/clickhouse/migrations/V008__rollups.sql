-- Roll-ups for program managers: per match and week, per cohort and week, per program and week, the current
-- state of every match, and each match's activity relative to its cohort (SPEC 4).
--
-- Plain views, computed when read, rather than materialized views: rows of match_daily are replaced when
-- late data corrects a day, and a materialized view only ever sees inserts, so it would count a
-- corrected day twice. Reading through FINAL is exact, and the tables are small (one row per match and day:
-- a program of 1,000 matches over a year is 365,000 rows). If a deployment outgrows this, a refreshable
-- materialized view over the same SELECT is the next step.

CREATE OR REPLACE VIEW mentorpulse.match_current AS
SELECT r.match_id AS match_id, r.day AS day, r.program_id AS program_id, r.cohort_id AS cohort_id,
       r.timezone AS timezone, r.status AS status, r.level AS level, r.score AS score, r.why AS why,
       r.days_since_two_way_contact AS days_since_two_way_contact, r.last_two_way_contact AS last_two_way_contact,
       r.stall_threshold_days AS stall_threshold_days, r.factors AS factors
FROM mentorpulse.match_risk AS r
INNER JOIN (SELECT match_id, max(day) AS day FROM mentorpulse.match_risk GROUP BY match_id) AS latest
    ON r.match_id = latest.match_id AND r.day = latest.day;

CREATE OR REPLACE VIEW mentorpulse.match_weekly AS
SELECT d.program_id AS program_id, d.cohort_id AS cohort_id, d.match_id AS match_id, toMonday(d.day) AS week,
       argMax(d.level, d.day) AS level_at_week_end,
       argMax(d.score, d.day) AS score_at_week_end,
       sum(d.two_way_contact) AS two_way_days,
       sum(d.meetings_held) AS meetings_held,
       sum(d.meeting_minutes) AS meeting_minutes,
       sum(d.messages_from_mentor) AS messages_from_mentor,
       sum(d.messages_from_mentee) AS messages_from_mentee
FROM mentorpulse.match_daily AS d FINAL
GROUP BY program_id, cohort_id, match_id, week;

CREATE OR REPLACE VIEW mentorpulse.cohort_weekly AS
SELECT w.program_id AS program_id, w.cohort_id AS cohort_id, w.week AS week,
       count() AS matches,
       countIf(w.level_at_week_end = 'stalled') AS stalled,
       countIf(w.level_at_week_end = 'at_risk') AS at_risk,
       countIf(w.level_at_week_end = 'watch') AS watch,
       countIf(w.level_at_week_end = 'on_track') AS on_track,
       countIf(w.level_at_week_end = 'ended') AS ended,
       sumIf(w.score_at_week_end, w.level_at_week_end != 'ended') AS score_sum,
       round(if(matches = ended, 0, score_sum / (matches - ended)), 1) AS avg_score,
       sum(w.two_way_days) AS two_way_days,
       sum(w.meetings_held) AS meetings_held,
       sum(w.meeting_minutes) AS meeting_minutes,
       sum(w.messages_from_mentor + w.messages_from_mentee) AS messages
FROM mentorpulse.match_weekly AS w
GROUP BY program_id, cohort_id, week;

CREATE OR REPLACE VIEW mentorpulse.program_weekly AS
SELECT c.program_id AS program_id, c.week AS week,
       sum(c.matches) AS matches, sum(c.stalled) AS stalled, sum(c.at_risk) AS at_risk, sum(c.watch) AS watch,
       sum(c.on_track) AS on_track, sum(c.ended) AS ended,
       round(if(matches = ended, 0, sum(c.score_sum) / (matches - ended)), 1) AS avg_score,
       sum(c.two_way_days) AS two_way_days, sum(c.meetings_held) AS meetings_held,
       sum(c.meeting_minutes) AS meeting_minutes, sum(c.messages) AS messages
FROM mentorpulse.cohort_weekly AS c
GROUP BY program_id, week;

-- Activity (two-way contact days in the trailing 28 days) as a z-score and an octile within the match's
-- cohort on the same day, so programs with different norms can be compared. Left empty for cohorts of fewer
-- than 5 active matches, where a rank says more about the few than about the cohort.
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
           ntile(8) OVER (PARTITION BY program_id, cohort_id, day ORDER BY two_way_days_28d) AS octile
    FROM mentorpulse.match_daily FINAL
    WHERE status != 'ended'
    WINDOW cohort_day AS (PARTITION BY program_id, cohort_id, day)
);
