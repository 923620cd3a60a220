package org.mentorpulse.analytics.daily;

import org.mentorpulse.analytics.engagement.MatchHistory;

/**
 * What {@link DailyMatchEvaluation} keeps per match between events and timers. A Flink POJO (public fields, a
 * public no-argument constructor) so that it lives in keyed state and in checkpoints.
 */
public class MatchState {
    /** the match's events so far; null before its first one */
    public MatchHistory history;
    /** the last day whose row is out (rows for later days are still to come); null before the first */
    public Integer evaluatedThrough;
    /** the first day to re-emit at the next watermark advance: corrections are coalesced (see processElement) */
    public Integer dirtyFrom;
    /**
     * the last day the log's watermark had passed when it revealed the match's end, if that day is after the end:
     * the days up to it are withdrawn at the next catch-up, even those this run never evaluated (see
     * DailyMatchEvaluation#catchUp); null when there is nothing to withdraw
     */
    public Integer passedWhenEndRead;
    /** the event-time timer that evaluates the next day, and the one that clears an ended match; null if none */
    public Long dailyTimer;
    public Long clearTimer;
    /** the match ended and its state was dropped: only this marker remains */
    public boolean cleared;
    /** an event changed the match's status since its outcome was last written */
    public boolean outcomeChanged;

    public MatchState() {}
}
