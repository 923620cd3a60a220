package org.mentorpulse.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParticipantErasureTest {
    private static final String H = ParticipantErasure.hash("mentee-1");

    @Test
    void participantsAreNamedByTheSha256OfTheirId() {
        // SHA-256("mentee-1"), as `printf mentee-1 | sha256sum` gives it
        assertThat(H).isEqualTo("b11507dfde939bbd9cce8df270d0976185998a5d5e7f21846ca45bbacec2d856");
    }

    @Test
    void keyColumnsAreRewrittenThroughRenamedColumnsAndPayloadsMatchedByTheHashOfEveryString() {
        List<String> sql = ParticipantErasure.statements("mentorpulse", List.of(H), table -> table.equals("alerts")
                ? List.of("alert_id", "recipient", "version") : List.of("notification_id", "recipient_id", "reason"));
        String in = "IN ('" + H + "')";
        assertThat(sql).containsExactly(
                "ALTER TABLE mentorpulse.events UPDATE actor_id = 'erased' WHERE lower(hex(SHA256(actor_id))) " + in
                        + " SETTINGS mutations_sync = 2",
                "INSERT INTO mentorpulse.alerts (alert_id, recipient, version) SELECT p_alert_id AS alert_id, 'erased' "
                        + "AS recipient, p_version AS version FROM (SELECT alert_id AS p_alert_id, recipient AS "
                        + "p_recipient, version AS p_version FROM mentorpulse.alerts WHERE lower(hex(SHA256(recipient))) "
                        + in + ")",
                "DELETE FROM mentorpulse.alerts WHERE lower(hex(SHA256(recipient))) " + in,
                "INSERT INTO mentorpulse.deliveries (notification_id, recipient_id, reason) SELECT "
                        + "replaceAll(p_notification_id, p_recipient_id, 'erased') AS notification_id, 'erased' AS "
                        + "recipient_id, replaceAll(p_reason, p_recipient_id, 'erased') AS reason FROM (SELECT "
                        + "notification_id AS p_notification_id, recipient_id AS p_recipient_id, reason AS p_reason "
                        + "FROM mentorpulse.deliveries WHERE lower(hex(SHA256(recipient_id))) " + in + ")",
                "DELETE FROM mentorpulse.deliveries WHERE lower(hex(SHA256(recipient_id))) " + in,
                "DELETE FROM mentorpulse.rejected_events WHERE arrayExists(s -> lower(hex(SHA256(s))) " + in
                        + ", extractAll(original_payload, '\"([^\"]*)\"'))");
    }

    @Test
    void onlyHexHashesReachTheStatements() {
        assertThatThrownBy(() -> ParticipantErasure.statements("mentorpulse", List.of("x') OR 1=1 --"), t -> List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a SHA-256");
    }
}
