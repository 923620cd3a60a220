package org.mentorpulse.streams.notify;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.mentorpulse.schema.Contact;
import org.mentorpulse.streams.alerts.Manager;

/**
 * Whom a notification goes to, resolved from the directory (participants) or the managers file: their zone and
 * language for the message, and the channels that reach them.
 *
 * @param channels in a fixed order: email, slack, teams, webhook
 */
public record Recipient(String id, String role, ZoneId zone, String language, boolean digest, String email,
        String slackWebhook, String teamsWebhook, Manager.SignedWebhook webhook, List<String> channels) {

    public static Recipient of(Contact contact) {
        List<String> channels = contact.email() == null ? List.of() : List.of("email");
        return new Recipient(contact.participantId(), contact.role(), ZoneId.of(contact.timezone()),
                contact.language(), false, contact.email(), null, null, null, channels);
    }

    public static Recipient of(Manager manager) {
        return new Recipient(manager.id(), "manager", ZoneId.of(Optional.ofNullable(manager.timezone()).orElse("UTC")),
                manager.language(), manager.digest(), manager.email(), manager.slackWebhook(), manager.teamsWebhook(),
                manager.webhook(), manager.channels());
    }
}
