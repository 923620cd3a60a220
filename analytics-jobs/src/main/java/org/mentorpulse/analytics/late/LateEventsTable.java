package org.mentorpulse.analytics.late;

import org.mentorpulse.analytics.clickhouse.ColumnTable;

/** {@code mentorpulse.late_events}: what came too late to correct every row it touches, and why. */
public final class LateEventsTable extends ColumnTable<LateEvent> {
    private static final long serialVersionUID = 1L;
    private static final int NO_DAY_BELOW = -1_000_000;

    public LateEventsTable() {
        super("late_events");
        string("source", e -> e.source);
        string("id", e -> e.id);
        string("type", e -> e.type);
        string("match_id", e -> e.matchId);
        utcTime("event_time", e -> e.eventTime);
        utcTime("received_time", e -> e.receivedTime);
        utcTime("watermark", e -> e.watermark);
        nullableDate("first_open_day", e -> e.firstOpenDay < NO_DAY_BELOW ? null : e.firstOpenDay);
        string("reason", e -> e.reason);
    }
}
