package org.mentorpulse.analytics.alerts;

import java.time.Instant;
import org.mentorpulse.analytics.clickhouse.ColumnTable;
import org.mentorpulse.schema.Delivery;

/** {@code mentorpulse.deliveries} (V011): what became of every notification on every channel. */
public final class DeliveriesTable extends ColumnTable<Delivery> {
    private static final long serialVersionUID = 1L;

    public DeliveriesTable() {
        super("deliveries");
        column("notification_id", (ps, i, d) -> ps.setString(i, d.notificationId()));
        column("purpose", (ps, i, d) -> ps.setString(i, d.purpose()));
        column("recipient_id", (ps, i, d) -> ps.setString(i, d.recipientId()));
        column("program_id", (ps, i, d) -> ps.setString(i, d.programId() == null ? "" : d.programId()));
        column("channel", (ps, i, d) -> ps.setString(i, d.channel()));
        column("status", (ps, i, d) -> ps.setString(i, d.status()));
        column("attempts", (ps, i, d) -> ps.setInt(i, d.attempts()));
        column("reason", (ps, i, d) -> ps.setString(i, d.reason() == null ? "" : d.reason()));
        column("at", (ps, i, d) -> utcTime(ps, i, Instant.parse(d.at()).toEpochMilli()));
        column("alert_ids", (ps, i, d) -> ps.setObject(i, d.alertIds().toArray(new String[0])));
        column("version", (ps, i, d) -> ps.setLong(i, 1));
    }
}
