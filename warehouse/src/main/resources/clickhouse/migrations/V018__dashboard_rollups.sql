-- The dashboard panels that aggregated every day row, event or alert on each read (0.2 to 1.3 s on 30,000
-- matches, over the 100 ms a panel may take) read small tables instead, recomputed under FINAL every minute by
-- refreshable materialized views, as match_latest is (V017). A plain materialized view would see inserts only, and
-- these sources are replacing tables whose rows are corrected and withdrawn. The panels trail the day rows by up to
-- a minute; readers that must see what was just written refresh them first (RefreshedViews.refreshAll, which finds
-- them by their names: every refreshable view's name ends in _refresh).

-- Retention: per cohort and week since the match started, the matches seen and those still active.
CREATE TABLE IF NOT EXISTS mentorpulse.cohort_retention
(
    program_id        String,
    cohort_id         String,
    week_since_start  Int32,
    matches           UInt64,
    active            UInt64
)
ENGINE = MergeTree
ORDER BY (program_id, cohort_id, week_since_start);

CREATE MATERIALIZED VIEW IF NOT EXISTS mentorpulse.cohort_retention_refresh
REFRESH EVERY 1 MINUTE TO mentorpulse.cohort_retention
AS SELECT program_id, cohort_id, toInt32(intDiv(days_since_start, 7)) AS week_since_start,
          uniqExact(match_id) AS matches, uniqExactIf(match_id, status = 'active') AS active
FROM mentorpulse.match_daily FINAL
WHERE is_deleted = 0 AND days_since_start >= 0
GROUP BY program_id, cohort_id, week_since_start;

-- Each match's standing in its cohort on its latest day (match_cohort_relative, which ranks every day).
CREATE TABLE IF NOT EXISTS mentorpulse.cohort_relative_latest
(
    match_id          String,
    day               Date,
    program_id        String,
    cohort_id         String,
    two_way_days_28d  UInt16,
    cohort_matches    UInt64,
    activity_zscore   Nullable(Float64),
    activity_octile   Nullable(UInt64)
)
ENGINE = MergeTree
ORDER BY (program_id, cohort_id, match_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS mentorpulse.cohort_relative_latest_refresh
REFRESH EVERY 1 MINUTE TO mentorpulse.cohort_relative_latest
AS SELECT match_id, day, program_id, cohort_id, two_way_days_28d, cohort_matches, activity_zscore, activity_octile
FROM mentorpulse.match_cohort_relative
WHERE (match_id, day) IN (SELECT match_id, max(day) FROM mentorpulse.match_daily FINAL GROUP BY match_id);

-- Matches per risk level, per cohort and day.
CREATE TABLE IF NOT EXISTS mentorpulse.level_days
(
    program_id  String,
    cohort_id   String,
    day         Date,
    stalled     UInt64,
    at_risk     UInt64,
    watch       UInt64,
    on_track    UInt64
)
ENGINE = MergeTree
ORDER BY (program_id, cohort_id, day);

CREATE MATERIALIZED VIEW IF NOT EXISTS mentorpulse.level_days_refresh
REFRESH EVERY 1 MINUTE TO mentorpulse.level_days
AS SELECT program_id, cohort_id, day, countIf(level = 'stalled') AS stalled, countIf(level = 'at_risk') AS at_risk,
          countIf(level = 'watch') AS watch, countIf(level = 'on_track') AS on_track
FROM mentorpulse.match_risk FINAL
GROUP BY program_id, cohort_id, day;

-- Matches per level at the end of each week, per cohort (from match_weekly).
CREATE TABLE IF NOT EXISTS mentorpulse.level_weeks
(
    program_id  String,
    cohort_id   String,
    week        Date,
    stalled     UInt64,
    at_risk     UInt64,
    watch       UInt64,
    on_track    UInt64
)
ENGINE = MergeTree
ORDER BY (program_id, cohort_id, week);

CREATE MATERIALIZED VIEW IF NOT EXISTS mentorpulse.level_weeks_refresh
REFRESH EVERY 1 MINUTE TO mentorpulse.level_weeks
AS SELECT program_id, cohort_id, week, countIf(level_at_week_end = 'stalled') AS stalled,
          countIf(level_at_week_end = 'at_risk') AS at_risk, countIf(level_at_week_end = 'watch') AS watch,
          countIf(level_at_week_end = 'on_track') AS on_track
FROM mentorpulse.match_weekly
GROUP BY program_id, cohort_id, week;

-- Events received per source and hour, with the newest receipt and event time of each.
CREATE TABLE IF NOT EXISTS mentorpulse.source_hours
(
    source             String,
    hour               DateTime('UTC'),
    events             UInt64,
    last_received_at   DateTime64(3, 'UTC'),
    newest_time        DateTime64(3, 'UTC')
)
ENGINE = MergeTree
ORDER BY (source, hour);

CREATE MATERIALIZED VIEW IF NOT EXISTS mentorpulse.source_hours_refresh
REFRESH EVERY 1 MINUTE TO mentorpulse.source_hours
AS SELECT source, toStartOfHour(received_time) AS hour, count() AS events, max(received_time) AS last_received_at,
          max(time) AS newest_time
FROM mentorpulse.events FINAL
GROUP BY source, hour;

-- Each raised alert, and the days of two-way contact in the 14 days after it: the nudge's effect, by arm.
CREATE TABLE IF NOT EXISTS mentorpulse.alert_followup
(
    alert_id      String,
    program_id    String,
    cohort_id     String,
    held_out      Nullable(UInt8),
    contact_days  UInt64
)
ENGINE = MergeTree
ORDER BY (program_id, cohort_id, alert_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS mentorpulse.alert_followup_refresh
REFRESH EVERY 1 MINUTE TO mentorpulse.alert_followup
AS SELECT r.alert_id AS alert_id, r.program_id AS program_id, r.cohort_id AS cohort_id, r.held_out AS held_out,
          countIf(d.two_way_contact = 1 AND d.day > r.day AND d.day <= r.day + 14) AS contact_days
FROM (SELECT alert_id, match_id, program_id, cohort_id, held_out, day
      FROM mentorpulse.alerts FINAL WHERE transition = 'raised') AS r
LEFT JOIN (SELECT match_id, day, two_way_contact FROM mentorpulse.match_daily FINAL WHERE is_deleted = 0) AS d
    ON d.match_id = r.match_id
GROUP BY r.alert_id, r.program_id, r.cohort_id, r.held_out;
