package org.mentorpulse.analytics.rejected;

import org.mentorpulse.analytics.clickhouse.ColumnTable;

/** {@code mentorpulse.rejected_events}, keyed by the letter's position in the dead-letter topic. */
public final class RejectedEventsTable extends ColumnTable<RejectedEvent> {
    private static final long serialVersionUID = 1L;

    public RejectedEventsTable() {
        super("rejected_events");
        column("rejected_at", (ps, i, r) -> utcTime(ps, i, r.rejectedAt));
        column("rejected_by", (ps, i, r) -> ps.setString(i, r.rejectedBy));
        column("rejector_version", (ps, i, r) -> ps.setString(i, r.rejectorVersion));
        column("sender", (ps, i, r) -> ps.setString(i, r.sender));
        column("source", (ps, i, r) -> ps.setString(i, r.source));
        column("event_id", (ps, i, r) -> ps.setString(i, r.eventId));
        column("event_type", (ps, i, r) -> ps.setString(i, r.eventType));
        column("fields", (ps, i, r) -> ps.setObject(i, r.fields.toArray(String[]::new)));
        column("codes", (ps, i, r) -> ps.setObject(i, r.codes.toArray(String[]::new)));
        column("reasons", (ps, i, r) -> ps.setObject(i, r.reasons.toArray(String[]::new)));
        column("original_payload", (ps, i, r) -> ps.setString(i, r.originalPayload));
        column("dlq_partition", (ps, i, r) -> ps.setInt(i, r.dlqPartition));
        column("dlq_offset", (ps, i, r) -> ps.setLong(i, r.dlqOffset));
    }
}
