package org.mentorpulse.analytics.rejected;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.mentorpulse.analytics.clickhouse.ClickHouseTable;

/** {@code mentorpulse.rejected_events}, keyed by the letter's position in the dead-letter topic. */
public final class RejectedEventsTable implements ClickHouseTable<RejectedEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
        return "rejected_events";
    }

    @Override
    public String insertSql(String database) {
        return "INSERT INTO " + database + ".rejected_events (rejected_at, rejected_by, rejector_version, sender, source, "
                + "event_id, event_type, fields, codes, reasons, original_payload, dlq_partition, dlq_offset) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    @Override
    public void bind(PreparedStatement ps, RejectedEvent r) throws SQLException {
        ps.setObject(1, LocalDateTime.ofInstant(Instant.ofEpochMilli(r.rejectedAt), ZoneOffset.UTC));
        ps.setString(2, r.rejectedBy);
        ps.setString(3, r.rejectorVersion);
        ps.setString(4, r.sender);
        ps.setString(5, r.source);
        ps.setString(6, r.eventId);
        ps.setString(7, r.eventType);
        ps.setObject(8, r.fields.toArray(String[]::new));
        ps.setObject(9, r.codes.toArray(String[]::new));
        ps.setObject(10, r.reasons.toArray(String[]::new));
        ps.setString(11, r.originalPayload);
        ps.setInt(12, r.dlqPartition);
        ps.setLong(13, r.dlqOffset);
    }
}
