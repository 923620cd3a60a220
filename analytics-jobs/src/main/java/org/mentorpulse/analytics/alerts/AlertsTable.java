package org.mentorpulse.analytics.alerts;

import java.time.Instant;
import org.mentorpulse.analytics.clickhouse.ColumnTable;
import org.mentorpulse.schema.AlertTransition;

/** {@code mentorpulse.alerts} (V006, V010, V011, V012): every transition of every alert, as the alerting app wrote it. */
public final class AlertsTable extends ColumnTable<AlertTransition> {
    private static final long serialVersionUID = 1L;

    public AlertsTable() {
        super("alerts");
        column("alert_id", (ps, i, t) -> ps.setString(i, t.alertId()));
        column("match_id", (ps, i, t) -> ps.setString(i, t.matchId()));
        column("program_id", (ps, i, t) -> ps.setString(i, t.programId() == null ? "" : t.programId()));
        column("cohort_id", (ps, i, t) -> ps.setString(i, t.cohortId() == null ? "" : t.cohortId()));
        column("kind", (ps, i, t) -> ps.setString(i, t.kind()));
        column("transition", (ps, i, t) -> ps.setString(i, t.transition()));
        column("day", (ps, i, t) -> date(ps, i, (int) java.time.LocalDate.parse(t.day()).toEpochDay()));
        column("at", (ps, i, t) -> utcTime(ps, i, Instant.parse(t.at()).toEpochMilli()));
        column("cause", (ps, i, t) -> ps.setString(i, t.cause() == null ? "" : t.cause()));
        column("actor", (ps, i, t) -> ps.setString(i, t.actor()));
        column("channel", (ps, i, t) -> ps.setString(i, t.channel() == null ? "" : t.channel()));
        column("held_out", (ps, i, t) -> nullableInt(ps, i, t.heldOut() == null ? null : t.heldOut() ? 1 : 0));
        column("nudge_due_at", (ps, i, t) -> nullableUtcTime(ps, i,
                t.nudgeDueAt() == null ? null : Instant.parse(t.nudgeDueAt()).toEpochMilli()));
        column("recipient", (ps, i, t) -> ps.setString(i, t.recipient() == null ? "" : t.recipient()));
        // the same transition written again (at least once) has the same key and replaces itself
        column("version", (ps, i, t) -> ps.setLong(i, 1));
    }
}
