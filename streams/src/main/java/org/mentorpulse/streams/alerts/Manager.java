package org.mentorpulse.streams.alerts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * A program manager as the managers file describes them: whom escalations go to, where and when.
 *
 * @param programs the programs whose escalations they receive
 * @param digest true: one message a day listing their escalations instead of one message each
 * @param slackWebhook a Slack incoming-webhook URL, or null
 * @param teamsWebhook a Microsoft Teams incoming-webhook (Workflows) URL, or null
 * @param webhook a generic webhook signed the Standard Webhooks way, or null
 * @param consolePassword how they sign in to the triage console: a PBKDF2 hash
 *     ({@code pbkdf2-sha256$<iterations>$<salt>$<hash>}, made by {@code ./mentorpulse console-password}), or null
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record Manager(
        @JsonProperty(value = "id", required = true) String id,
        @JsonProperty(value = "programs", required = true) List<String> programs,
        @JsonProperty("timezone") String timezone,
        @JsonProperty("language") String language,
        @JsonProperty("digest") boolean digest,
        @JsonProperty("email") String email,
        @JsonProperty("slack_webhook") String slackWebhook,
        @JsonProperty("teams_webhook") String teamsWebhook,
        @JsonProperty("webhook") SignedWebhook webhook,
        @JsonProperty("console_password") String consolePassword) {

    /** @param secret the shared secret, {@code whsec_} and base64 as Standard Webhooks writes it */
    public record SignedWebhook(@JsonProperty(value = "url", required = true) String url,
            @JsonProperty(value = "secret", required = true) String secret) {}

    /** The channels they are reached on, in a fixed order: email, slack, teams, webhook. */
    public List<String> channels() {
        List<String> channels = new ArrayList<>();
        if (email != null) {
            channels.add("email");
        }
        if (slackWebhook != null) {
            channels.add("slack");
        }
        if (teamsWebhook != null) {
            channels.add("teams");
        }
        if (webhook != null) {
            channels.add("webhook");
        }
        return channels;
    }
}
