package org.mentorpulse.analytics.clickhouse;

import org.mentorpulse.analytics.event.InteractionEvent;

/** {@code mentorpulse.events}: the canonical events' metadata, keyed by (source, id). */
public final class EventsTable extends ColumnTable<InteractionEvent> {
    private static final long serialVersionUID = 1L;

    public EventsTable() {
        super("events");
        column("source", (ps, i, e) -> ps.setString(i, e.source));
        column("id", (ps, i, e) -> ps.setString(i, e.id));
        column("type", (ps, i, e) -> ps.setString(i, e.type));
        column("time", (ps, i, e) -> utcTime(ps, i, e.eventTime));
        column("received_time", (ps, i, e) -> utcTime(ps, i, e.receivedTime));
        column("match_id", (ps, i, e) -> ps.setString(i, orEmpty(e.matchId)));
        column("actor_id", (ps, i, e) -> ps.setString(i, orEmpty(e.actorId)));
        column("channel", (ps, i, e) -> ps.setString(i, orEmpty(e.channel)));
    }
}
