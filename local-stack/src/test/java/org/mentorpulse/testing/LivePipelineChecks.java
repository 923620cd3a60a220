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
     * After a fault: every recorded nudge and escalation was delivered, each as a message of its own: as many
     * distinct Message-IDs in the mailboxes, and distinct {@code webhook-id}s at the receiver, as transitions
     * recorded, and nothing without a record. A message may arrive twice, but only as the same message: SMTP cannot
     * tell a sender killed after the server took the message, before its answer came back, from one whose message
     * never arrived, so the next run sends it again with the same Message-ID (see the README). How many is printed.
     */
    public static void everyNotificationDeliveredAsOneMessage(AlertsReadBack alerts) {
        assertThat(alerts.nudgesRecorded()).as("nudges recorded").isPositive();
        assertThat(alerts.distinctNudgeMails()).as("distinct nudge mails (Message-IDs), one per recorded nudge")
                .isEqualTo(alerts.nudgesRecorded());
        assertThat(alerts.distinctEscalationMails()).as("distinct escalation mails, one per recorded escalation")
                .isEqualTo(alerts.escalationsRecorded());
        assertThat(alerts.validWebhooks()).as("webhooks with a valid signature").isEqualTo(alerts.webhooks());
        assertThat(alerts.distinctWebhooks()).as("distinct webhook ids, one per recorded escalation")
                .isEqualTo(alerts.escalationsRecorded());
        System.out.printf("delivered again with the same id after a kill: %d nudge mails, %d escalation mails, %d "
                + "webhooks%n", alerts.nudgeMails() - alerts.distinctNudgeMails(),
                alerts.escalationMails() - alerts.distinctEscalationMails(),
                alerts.webhooks() - alerts.distinctWebhooks());
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
