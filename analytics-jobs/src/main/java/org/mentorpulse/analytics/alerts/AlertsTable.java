package org.mentorpulse.analytics.alerts;

import java.time.Instant;
import java.time.LocalDate;
import org.mentorpulse.analytics.clickhouse.ColumnTable;
import org.mentorpulse.schema.AlertTransition;

/** {@code mentorpulse.alerts} (V006, V010, V011, V012): every transition of every alert, as the alerting app wrote it. */
public final class AlertsTable extends ColumnTable<AlertTransition> {
    private static final long serialVersionUID = 1L;

    public AlertsTable() {
        super("alerts");
        string("alert_id", AlertTransition::alertId);
        string("match_id", AlertTransition::matchId);
        string("program_id", AlertTransition::programId);
        string("cohort_id", AlertTransition::cohortId);
        string("kind", AlertTransition::kind);
        string("transition", AlertTransition::transition);
        date("day", t -> (int) LocalDate.parse(t.day()).toEpochDay());
        utcTime("at", t -> Instant.parse(t.at()).toEpochMilli());
        string("cause", AlertTransition::cause);
        string("actor", AlertTransition::actor);
        string("channel", AlertTransition::channel);
        nullableUint8("held_out", t -> t.heldOut() == null ? null : t.heldOut() ? 1 : 0);
        nullableUtcTime("nudge_due_at", t -> t.nudgeDueAt() == null ? null : Instant.parse(t.nudgeDueAt()).toEpochMilli());
        string("recipient", AlertTransition::recipient);
        // the same transition written again (at least once) has the same key and replaces itself
        uint64("version", t -> 1);
    }
}
