package org.mentorpulse.analytics.alerts;

import java.time.Instant;
import org.mentorpulse.analytics.clickhouse.ColumnTable;
import org.mentorpulse.schema.Delivery;

/** {@code mentorpulse.deliveries} (V011): what became of every notification on every channel. */
public final class DeliveriesTable extends ColumnTable<Delivery> {
    private static final long serialVersionUID = 1L;

    public DeliveriesTable() {
        super("deliveries");
        string("notification_id", Delivery::notificationId);
        string("purpose", Delivery::purpose);
        string("recipient_id", Delivery::recipientId);
        string("program_id", Delivery::programId);
        string("channel", Delivery::channel);
        string("status", Delivery::status);
        uint16("attempts", Delivery::attempts);
        string("reason", Delivery::reason);
        utcTime("at", d -> Instant.parse(d.at()).toEpochMilli());
        stringArray("alert_ids", Delivery::alertIds);
        uint64("version", d -> 1);
    }
}
