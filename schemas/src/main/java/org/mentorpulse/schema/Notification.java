package org.mentorpulse.schema;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A message the alerting app decided to send ({@link Topics#NOTIFICATION_LOG}, keyed by recipient so that one
 * person's messages, and a manager's daily digest, are handled in one place): a nudge to a participant, an
 * escalation to a program manager, or a manager's digest. The notifier renders and delivers it.
 *
 * @param id the idempotency key: the same notification always has the same id, and every channel sends it
 *     with that id (the e-mail's Message-ID, the webhook's {@code webhook-id}) so a receiver can drop a repeat
 * @param purpose {@link #NUDGE}, {@link #ESCALATION} or {@link #DIGEST}
 * @param recipientRole {@code mentor}, {@code mentee} or {@code manager}
 * @param alerts what it is about: one alert, or several in a digest
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Notification(
        @JsonProperty("id") String id,
        @JsonProperty("purpose") String purpose,
        @JsonProperty("recipient_id") String recipientId,
        @JsonProperty("recipient_role") String recipientRole,
        @JsonProperty("program_id") String programId,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("alerts") List<AlertSummary> alerts) {

    public static final String NUDGE = "nudge";
    public static final String ESCALATION = "escalation";
    public static final String DIGEST = "digest";
    /**
     * Not a message: the participant {@code recipientId} was erased, and the notifier forgets what it recorded
     * of the notifications it sent them.
     */
    public static final String ERASE = "erase";
    public static final String MANAGER = "manager";

    /**
     * One alert as a message shows it.
     *
     * @param raisedAt when it was raised (RFC 3339); shown in the recipient's zone
     * @param why the risk's reasons in words
     * @param daysSilent days since the pair's last two-way contact
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AlertSummary(
            @JsonProperty("alert_id") String alertId,
            @JsonProperty("match_id") String matchId,
            @JsonProperty("cohort_id") String cohortId,
            @JsonProperty("kind") String kind,
            @JsonProperty("raised_at") String raisedAt,
            @JsonProperty("why") String why,
            @JsonProperty("days_silent") int daysSilent) {}
}
