package org.mentorpulse.analytics.clickhouse;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.mentorpulse.analytics.event.InteractionEvent;

/** {@code mentorpulse.events}: the canonical events' metadata, keyed by (source, id). */
public final class EventsTable implements ClickHouseTable<InteractionEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
        return "events";
    }

    @Override
    public String insertSql(String database) {
        return "INSERT INTO " + database + ".events (source, id, type, time, received_time, match_id, actor_id, channel) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    }

    @Override
    public void bind(PreparedStatement ps, InteractionEvent e) throws SQLException {
        ps.setString(1, e.source);
        ps.setString(2, e.id);
        ps.setString(3, e.type);
        ps.setObject(4, utc(e.eventTime));
        ps.setObject(5, utc(e.receivedTime));
        ps.setString(6, e.matchId == null ? "" : e.matchId);
        ps.setString(7, e.actorId == null ? "" : e.actorId);
        ps.setString(8, e.channel == null ? "" : e.channel);
    }

    private static LocalDateTime utc(long millis) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }
}
