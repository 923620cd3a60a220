package org.mentorpulse.analytics.late;

import java.sql.Types;
import org.mentorpulse.analytics.clickhouse.ColumnTable;

/** {@code mentorpulse.late_events}: what came too late to correct every row it touches, and why. */
public final class LateEventsTable extends ColumnTable<LateEvent> {
    private static final long serialVersionUID = 1L;
    private static final int NO_DAY_BELOW = -1_000_000;

    public LateEventsTable() {
        super("late_events");
        column("source", (ps, i, e) -> ps.setString(i, e.source));
        column("id", (ps, i, e) -> ps.setString(i, e.id));
        column("type", (ps, i, e) -> ps.setString(i, e.type));
        column("match_id", (ps, i, e) -> ps.setString(i, orEmpty(e.matchId)));
        column("event_time", (ps, i, e) -> utcTime(ps, i, e.eventTime));
        column("received_time", (ps, i, e) -> utcTime(ps, i, e.receivedTime));
        column("watermark", (ps, i, e) -> utcTime(ps, i, e.watermark));
        column("first_open_day", (ps, i, e) -> {
            if (e.firstOpenDay < NO_DAY_BELOW) {
                ps.setNull(i, Types.DATE);
            } else {
                date(ps, i, e.firstOpenDay);
            }
        });
        column("reason", (ps, i, e) -> ps.setString(i, e.reason));
    }
}
