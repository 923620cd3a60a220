package org.mentorpulse.analytics.rejected;

import org.mentorpulse.analytics.clickhouse.ColumnTable;

/** {@code mentorpulse.rejected_events}, keyed by the letter's position in the dead-letter topic. */
public final class RejectedEventsTable extends ColumnTable<RejectedEvent> {
    private static final long serialVersionUID = 1L;

    public RejectedEventsTable() {
        super("rejected_events");
        utcTime("rejected_at", r -> r.rejectedAt);
        string("rejected_by", r -> r.rejectedBy);
        string("rejector_version", r -> r.rejectorVersion);
        string("sender", r -> r.sender);
        string("source", r -> r.source);
        string("event_id", r -> r.eventId);
        string("event_type", r -> r.eventType);
        stringArray("fields", r -> r.fields);
        stringArray("codes", r -> r.codes);
        stringArray("reasons", r -> r.reasons);
        string("original_payload", r -> r.originalPayload);
        uint32("dlq_partition", r -> r.dlqPartition);
        uint64("dlq_offset", r -> r.dlqOffset);
    }
}
