package org.mentorpulse.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import org.mentorpulse.analytics.config.AnalyticsSettings;
import org.mentorpulse.analytics.job.EngagementRiskJob;
import org.mentorpulse.demo.AlertsReadBack;
import org.mentorpulse.pipeline.LocalBackfill;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.stack.LocalStack;
import org.mentorpulse.testkit.generator.SyntheticProgram;

/** What a drill on the live pipeline checks once the program has gone through it, whatever the fault was. */
public final class LivePipelineChecks {
    private LivePipelineChecks() {}

    /** How many of the program's events are in the live events table. */
    public static long eventsStored(Endpoints endpoints, SyntheticProgram program) throws Exception {
        try (Connection c = endpoints.openClickHouse(); java.sql.PreparedStatement ps = c.prepareStatement(
                "SELECT count() FROM mentorpulse.events FINAL WHERE startsWith(id, ?)")) {
            ps.setString(1, program.eventIdPrefix());
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * After a fault: every recorded nudge and escalation was delivered, and none twice: as many mails in the
     * mailboxes, and signed webhooks received, as transitions recorded. A mail the server accepted just before a
     * SIGKILL, before the notifier committed its sending, is in the notifier's ledger of sent messages, which the
     * next run reads (see {@code SentLedger}).
     */
    public static void everyNotificationDeliveredOnce(AlertsReadBack alerts) {
        assertThat(alerts.nudgesRecorded()).as("nudges recorded").isPositive();
        assertThat(alerts.nudgeMails()).as("nudge mails, one per recorded nudge").isEqualTo(alerts.nudgesRecorded());
        assertThat(alerts.escalationMails()).as("escalation mails, one per recorded escalation")
                .isEqualTo(alerts.escalationsRecorded());
        assertThat(alerts.validWebhooks()).as("signed escalation webhooks, one per recorded escalation")
                .isEqualTo(alerts.webhooks()).isEqualTo(alerts.escalationsRecorded());
    }

    /**
     * The live tables hold what a replay of the log from scratch, into {@code replayDatabase}, computes: the
     * program's events, and its day rows through its evaluation day (nothing lost, nothing counted twice).
     */
    public static void liveRowsEqualAReplay(LocalStack stack, Endpoints endpoints, SyntheticProgram program,
            String replayDatabase) throws Exception {
        EngagementRiskJob.Options options = EngagementRiskJob.Options.from(AnalyticsSettings.from(stack.settings()));
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement()) {
            LocalBackfill.dropDatabase(st, replayDatabase);
        }
        LocalBackfill.run(endpoints, stack.stateDir(), options, replayDatabase, 2, System.out);
        try (Connection c = endpoints.openClickHouse()) {
            SameRows.assertSameRows(c, replayDatabase, "mentorpulse", "match_daily",
                    "program_id = '" + program.programId() + "' AND day <= '" + program.evaluationDay() + "'");
            SameRows.assertSameRows(c, replayDatabase, "mentorpulse", "events",
                    "startsWith(id, '" + program.eventIdPrefix() + "')");
        }
    }
}
