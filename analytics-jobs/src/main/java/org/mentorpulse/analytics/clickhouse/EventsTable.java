package org.mentorpulse.analytics.clickhouse;

import org.mentorpulse.analytics.event.InteractionEvent;

/** {@code mentorpulse.events}: the canonical events' metadata, keyed by (source, id). */
public final class EventsTable extends ColumnTable<InteractionEvent> {
    private static final long serialVersionUID = 1L;

    public EventsTable() {
        super("events");
        string("source", e -> e.source);
        string("id", e -> e.id);
        string("type", e -> e.type);
        utcTime("time", e -> e.eventTime);
        utcTime("received_time", e -> e.receivedTime);
        string("match_id", e -> e.matchId);
        string("actor_id", e -> e.actorId);
        string("channel", e -> e.channel);
    }
}
