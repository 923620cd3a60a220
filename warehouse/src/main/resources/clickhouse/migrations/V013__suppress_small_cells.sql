-- Small cells are suppressed, not zeroed (SPEC 8): a row that counts fewer than 5 matches shows NULL in every
-- figure and suppressed = 1, so nobody can read one person's relationship out of an aggregate.
--
-- Suppressing only the small cells would not be enough: a program's total minus its shown cohorts gives back
-- what the suppressed cohorts hold together. So when the small cohorts of a program in a period hold fewer than
-- 5 matches together, the smallest of the others is suppressed with them (secondary suppression); the
-- program's own row has its own threshold.

CREATE OR REPLACE VIEW mentorpulse.cohort_weekly AS
SELECT program_id, cohort_id, week,
       toUInt8(small OR (small_total BETWEEN 1 AND 4 AND rank_among_shown = 1)) AS suppressed,
       if(suppressed = 1, NULL, c_matches) AS matches,
       if(suppressed = 1, NULL, c_stalled) AS stalled,
       if(suppressed = 1, NULL, c_at_risk) AS at_risk,
       if(suppressed = 1, NULL, c_watch) AS watch,
       if(suppressed = 1, NULL, c_on_track) AS on_track,
       if(suppressed = 1, NULL, c_ended) AS ended,
       if(suppressed = 1, NULL, c_score_sum) AS score_sum,
       if(suppressed = 1, NULL, c_avg_score) AS avg_score,
       if(suppressed = 1, NULL, c_two_way_days) AS two_way_days,
       if(suppressed = 1, NULL, c_meetings_held) AS meetings_held,
       if(suppressed = 1, NULL, c_meeting_minutes) AS meeting_minutes,
       if(suppressed = 1, NULL, c_messages) AS messages
FROM
(
    SELECT *,
           sum(if(small, c_matches, 0)) OVER (PARTITION BY program_id, week) AS small_total,
           row_number() OVER (PARTITION BY program_id, week, small ORDER BY c_matches, cohort_id)
               + if(small, 1000000, 0) AS rank_among_shown
    FROM
    (
        SELECT w.program_id AS program_id, w.cohort_id AS cohort_id, w.week AS week,
               count() AS c_matches,
               c_matches < 5 AS small,
               countIf(w.level_at_week_end = 'stalled') AS c_stalled,
               countIf(w.level_at_week_end = 'at_risk') AS c_at_risk,
               countIf(w.level_at_week_end = 'watch') AS c_watch,
               countIf(w.level_at_week_end = 'on_track') AS c_on_track,
               countIf(w.level_at_week_end = 'ended') AS c_ended,
               sumIf(w.score_at_week_end, w.level_at_week_end != 'ended') AS c_score_sum,
               round(if(c_matches = c_ended, 0, c_score_sum / (c_matches - c_ended)), 1) AS c_avg_score,
               sum(w.two_way_days) AS c_two_way_days,
               sum(w.meetings_held) AS c_meetings_held,
               sum(w.meeting_minutes) AS c_meeting_minutes,
               sum(w.messages_from_mentor + w.messages_from_mentee) AS c_messages
        FROM mentorpulse.match_weekly AS w
        GROUP BY program_id, cohort_id, week
    )
);

CREATE OR REPLACE VIEW mentorpulse.program_weekly AS
SELECT program_id, week,
       toUInt8(all_matches < 5) AS suppressed,
       if(suppressed = 1, NULL, all_matches) AS matches,
       if(suppressed = 1, NULL, all_stalled) AS stalled,
       if(suppressed = 1, NULL, all_at_risk) AS at_risk,
       if(suppressed = 1, NULL, all_watch) AS watch,
       if(suppressed = 1, NULL, all_on_track) AS on_track,
       if(suppressed = 1, NULL, all_ended) AS ended,
       if(suppressed = 1, NULL, round(if(all_matches = all_ended, 0, all_score_sum / (all_matches - all_ended)), 1)) AS avg_score,
       if(suppressed = 1, NULL, all_two_way_days) AS two_way_days,
       if(suppressed = 1, NULL, all_meetings_held) AS meetings_held,
       if(suppressed = 1, NULL, all_meeting_minutes) AS meeting_minutes,
       if(suppressed = 1, NULL, all_messages) AS messages
FROM
(
    SELECT w.program_id AS program_id, w.week AS week,
           count() AS all_matches,
           countIf(w.level_at_week_end = 'stalled') AS all_stalled,
           countIf(w.level_at_week_end = 'at_risk') AS all_at_risk,
           countIf(w.level_at_week_end = 'watch') AS all_watch,
           countIf(w.level_at_week_end = 'on_track') AS all_on_track,
           countIf(w.level_at_week_end = 'ended') AS all_ended,
           sumIf(w.score_at_week_end, w.level_at_week_end != 'ended') AS all_score_sum,
           sum(w.two_way_days) AS all_two_way_days,
           sum(w.meetings_held) AS all_meetings_held,
           sum(w.meeting_minutes) AS all_meeting_minutes,
           sum(w.messages_from_mentor + w.messages_from_mentee) AS all_messages
    FROM mentorpulse.match_weekly AS w
    GROUP BY program_id, week
);

-- The researchers' aggregates of match_outcomes, by cohort and by program, suppressed the same way.
CREATE OR REPLACE VIEW mentorpulse_research.cohort_outcomes AS
SELECT program_id, cohort_pseudonym,
       toUInt8(small OR (small_total BETWEEN 1 AND 4 AND rank_among_shown = 1)) AS suppressed,
       if(suppressed = 1, NULL, c_matches) AS matches,
       if(suppressed = 1, NULL, c_closed_early) AS closed_early,
       if(suppressed = 1, NULL, c_completed) AS completed,
       if(suppressed = 1, NULL, c_active) AS active,
       if(suppressed = 1, NULL, c_median_duration_days) AS median_duration_days,
       if(suppressed = 1, NULL, c_mean_final_satisfaction) AS mean_final_satisfaction
FROM
(
    SELECT *,
           sum(if(small, c_matches, 0)) OVER (PARTITION BY program_id) AS small_total,
           row_number() OVER (PARTITION BY program_id, small ORDER BY c_matches, cohort_pseudonym)
               + if(small, 1000000, 0) AS rank_among_shown
    FROM
    (
        SELECT program_id, cohort_pseudonym, count() AS c_matches, c_matches < 5 AS small,
               countIf(outcome = 'closed_early') AS c_closed_early, countIf(outcome = 'completed') AS c_completed,
               countIf(outcome = 'active') AS c_active,
               quantileExactInclusive(0.5)(duration_days) AS c_median_duration_days,
               round(avg(final_satisfaction), 2) AS c_mean_final_satisfaction
        FROM mentorpulse_research.match_outcomes FINAL
        GROUP BY program_id, cohort_pseudonym
    )
);

CREATE OR REPLACE VIEW mentorpulse_research.program_outcomes AS
SELECT program_id,
       toUInt8(all_matches < 5) AS suppressed,
       if(suppressed = 1, NULL, all_matches) AS matches,
       if(suppressed = 1, NULL, all_closed_early) AS closed_early,
       if(suppressed = 1, NULL, all_completed) AS completed,
       if(suppressed = 1, NULL, all_active) AS active,
       if(suppressed = 1, NULL, all_median_duration_days) AS median_duration_days
FROM
(
    SELECT program_id, count() AS all_matches, countIf(outcome = 'closed_early') AS all_closed_early,
           countIf(outcome = 'completed') AS all_completed, countIf(outcome = 'active') AS all_active,
           quantileExactInclusive(0.5)(duration_days) AS all_median_duration_days
    FROM mentorpulse_research.match_outcomes FINAL
    GROUP BY program_id
);
