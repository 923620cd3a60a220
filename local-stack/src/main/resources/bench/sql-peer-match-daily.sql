-- Baseline (c) of the replay benchmark: the day rows a team without MentorPulse would compute with one
-- INSERT ... SELECT over the raw events (the CloudEvents as received, `data` as JSON text), window functions and
-- a calendar of days. It computes the columns of match_daily that need no more than that: contact, meetings and
-- messages. It follows the job's rules (EngagementCalculator, Conversation), so its rows double as a differential
-- check of ours.
--   {db}         the database holding raw_events and match_daily_sql
--   {local_day}  a lambda (t, zone) -> Date: ClickHouse takes only a constant zone, so the caller writes one
--                branch per zone the program uses
--   {through}    the replay's watermark (UTC, ms): the days that ended by then are computed, no later ones
INSERT INTO {db}.match_daily_sql
WITH
    {local_day} AS local_day,
    toDateTime64('{through}', 3, 'UTC') AS through,
    created AS (
        SELECT JSONExtractString(data, 'match_id') AS match_id,
               argMin(JSONExtractString(data, 'program_id'), (time, id)) AS program_id,
               argMin(JSONExtractString(data, 'cohort_id'), (time, id)) AS cohort_id,
               argMin(JSONExtractString(data, 'mentor_id'), (time, id)) AS mentor_id,
               argMin(JSONExtractString(data, 'mentee_id'), (time, id)) AS mentee_id,
               min(time) AS created_at
        FROM {db}.raw_events
        WHERE type = 'org.mentorpulse.match.created'
        GROUP BY match_id),
    zones AS (
        SELECT JSONExtractString(data, 'participant_id') AS participant_id,
               argMax(JSONExtractString(data, 'timezone'), (time, id)) AS zone
        FROM {db}.raw_events
        WHERE type = 'org.mentorpulse.participant.registered'
        GROUP BY participant_id),
    sessions AS (
        -- cohort sessions reach the matches of their cohort through the participant, and can come before them
        SELECT JSONExtractString(data, 'participant_id') AS participant_id,
               JSONExtractString(data, 'cohort_id') AS cohort_id, min(time) AS first_at
        FROM {db}.raw_events
        WHERE type = 'org.mentorpulse.cohort.session.attended'
        GROUP BY participant_id, cohort_id),
    match_events AS (
        SELECT JSONExtractString(data, 'match_id') AS match_id, type, time, id, data
        FROM {db}.raw_events
        WHERE match_id != ''),
    lifetimes AS (
        SELECT match_id, min(time) AS first_at,
               -- the latest status change, if it ended the match
               argMaxIf((time, JSONExtractString(data, 'status')), (time, id),
                        type = 'org.mentorpulse.match.status.changed') AS last_status,
               if(last_status.2 IN ('completed', 'closed_early'), last_status.1, NULL) AS ended_at
        FROM match_events
        GROUP BY match_id),
    matches AS (
        SELECT c.match_id AS match_id, c.program_id AS program_id, c.cohort_id AS cohort_id,
               c.mentor_id AS mentor_id, c.mentee_id AS mentee_id,
               if(mentee.zone != '', mentee.zone, if(mentor.zone != '', mentor.zone, 'UTC')) AS zone,
               -- a match begins with its creation or its first event, whichever came first
               least(c.created_at, l.first_at,
                     if(mentor_session.participant_id != '', mentor_session.first_at, c.created_at),
                     if(mentee_session.participant_id != '', mentee_session.first_at, c.created_at)) AS started_at,
               l.ended_at AS ended_at
        FROM created AS c
        LEFT JOIN zones AS mentee ON mentee.participant_id = c.mentee_id
        LEFT JOIN zones AS mentor ON mentor.participant_id = c.mentor_id
        LEFT JOIN sessions AS mentor_session
            ON mentor_session.participant_id = c.mentor_id AND mentor_session.cohort_id = c.cohort_id
        LEFT JOIN sessions AS mentee_session
            ON mentee_session.participant_id = c.mentee_id AND mentee_session.cohort_id = c.cohort_id
        LEFT JOIN lifetimes AS l ON l.match_id = c.match_id),
    messages AS (
        SELECT match_id, time, JSONExtractString(data, 'sender_id') AS sender,
               -- an answer: a message of the other party within 7 days of the previous one
               row_number() OVER w > 1 AND sender != lagInFrame(sender) OVER w
                   AND toUnixTimestamp64Milli(time) - toUnixTimestamp64Milli(lagInFrame(time) OVER w) <= 7 * 86400000
                   AS is_answer
        FROM match_events
        WHERE type = 'org.mentorpulse.message.sent'
        WINDOW w AS (PARTITION BY match_id ORDER BY time, id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)),
    contacts AS (
        -- a meeting held is two-way contact; so is an answer
        SELECT match_id, time, 1 AS meeting,
               intDiv(greatest(0,
                   toUnixTimestamp64Milli(ifNull(parseDateTime64BestEffortOrNull(
                       JSONExtractString(data, 'ended_at'), 3, 'UTC'), time))
                   - toUnixTimestamp64Milli(ifNull(parseDateTime64BestEffortOrNull(
                       JSONExtractString(data, 'started_at'), 3, 'UTC'), time))), 60000) AS minutes,
               '' AS sender, 1 AS two_way
        FROM match_events
        WHERE type = 'org.mentorpulse.meeting.held'
        UNION ALL
        SELECT match_id, time, 0, 0, sender, is_answer FROM messages),
    facts AS (
        SELECT x.match_id AS match_id, local_day(x.time, m.zone) AS day,
               sum(x.meeting) AS meetings, sum(x.minutes) AS minutes,
               countIf(x.sender != '' AND x.sender = m.mentor_id) AS from_mentor,
               countIf(x.sender != '' AND x.sender = m.mentee_id) AS from_mentee,
               max(x.two_way) AS two_way
        FROM contacts AS x
        INNER JOIN matches AS m ON m.match_id = x.match_id
        GROUP BY match_id, day),
    calendar AS (
        SELECT match_id, program_id, cohort_id, zone, start_day,
               arrayJoin(arrayMap(i -> start_day + i,
                                  range(toUInt32(greatest(0, toInt32(last_day) - toInt32(start_day) + 1))))) AS day
        FROM (
            SELECT match_id, program_id, cohort_id, zone, local_day(started_at, zone) AS start_day,
                   -- the days that ended by the watermark; an ended match has no day after its end
                   if(ended_at IS NULL, local_day(through, zone) - 1,
                      least(local_day(through, zone) - 1, local_day(assumeNotNull(ended_at), zone))) AS last_day
            FROM matches)),
    days AS (
        SELECT c.match_id AS match_id, c.day AS day, c.program_id AS program_id, c.cohort_id AS cohort_id,
               c.zone AS zone, toInt32(c.start_day) AS start_day, toInt32(c.day) AS day_number,
               f.meetings AS meetings, f.minutes AS minutes, f.from_mentor AS from_mentor,
               f.from_mentee AS from_mentee, f.two_way AS two_way
        FROM calendar AS c
        LEFT JOIN facts AS f ON f.match_id = c.match_id AND f.day = c.day)
SELECT match_id, day, program_id, cohort_id, timezone, days_since_start, two_way_contact,
       greatest(0, day_number - if(last_contact < 0, start_day, last_contact)) AS days_since_two_way_contact,
       two_way_days_28d, two_way_days_total, meetings_held, meeting_minutes, messages_from_mentor,
       messages_from_mentee, meetings_held_28d, meetings_held_56d
FROM (
    SELECT match_id, day, program_id, cohort_id, zone AS timezone, day_number, start_day,
           greatest(0, day_number - start_day) AS days_since_start,
           two_way AS two_way_contact,
           max(if(two_way = 1, day_number, -1)) OVER so_far AS last_contact,
           sum(two_way) OVER last_28 AS two_way_days_28d,
           sum(two_way) OVER so_far AS two_way_days_total,
           meetings AS meetings_held, minutes AS meeting_minutes,
           from_mentor AS messages_from_mentor, from_mentee AS messages_from_mentee,
           sum(meetings) OVER last_28 AS meetings_held_28d,
           sum(meetings) OVER last_56 AS meetings_held_56d
    FROM days
    WINDOW so_far AS (PARTITION BY match_id ORDER BY day ROWS UNBOUNDED PRECEDING),
           last_28 AS (PARTITION BY match_id ORDER BY day ROWS BETWEEN 27 PRECEDING AND CURRENT ROW),
           last_56 AS (PARTITION BY match_id ORDER BY day ROWS BETWEEN 55 PRECEDING AND CURRENT ROW))
-- The stack's memory budget (under 4 GB with the job, Kafka and the mail catcher): the peer's sorts, GROUP BYs and
-- its join of the calendar with the day facts go to disk past 256 MB, as a team sizing a shared server would set.
SETTINGS max_bytes_before_external_group_by = 268435456, max_bytes_before_external_sort = 268435456,
         max_bytes_before_external_join = 268435456
