package org.mentorpulse.analytics.late;

import org.mentorpulse.analytics.event.InteractionEvent;

/**
 * An event that came too late to correct every row it affects: one row of {@code mentorpulse.late_events}.
 * Nothing is dropped silently; this says what was not (fully) taken into account and why.
 */
public class LateEvent {
    /** Later than the allowed lateness: applied to the match from the first open day on; older rows stand. */
    public static final String BEYOND_ALLOWED_LATENESS = "beyond_allowed_lateness";
    /** The match ended and its state was cleared before this arrived: not applied at all. */
    public static final String MATCH_STATE_CLEARED = "match_state_cleared";

    public String source;
    public String id;
    public String type;
    public String matchId;
    public long eventTime;
    public long receivedTime;
    /** the watermark when it arrived */
    public long watermark;
    /** the first local day that could still be corrected (days before it are closed), days since 1970-01-01 */
    public int firstOpenDay;
    public String reason;

    public LateEvent() {}

    public static LateEvent of(InteractionEvent e, long watermark, int firstOpenDay, String reason) {
        LateEvent late = new LateEvent();
        late.source = e.source;
        late.id = e.id;
        late.type = e.type;
        late.matchId = e.matchId;
        late.eventTime = e.eventTime;
        late.receivedTime = e.receivedTime;
        late.watermark = watermark;
        late.firstOpenDay = firstOpenDay;
        late.reason = reason;
        return late;
    }

    @Override
    public String toString() {
        return reason + ": " + type + " " + source + "/" + id + " of " + matchId;
    }
}
