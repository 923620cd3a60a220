package org.mentorpulse.streams.alerts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.mentorpulse.schema.Notification;

/**
 * From an alert's life to the program's dispatcher (re-keyed by program, so that a program's daily caps are
 * counted in one place): send a nudge or an escalation, or cancel what is still waiting for an alert.
 *
 * @param purpose {@link Notification#NUDGE} or {@link Notification#ESCALATION}; on a cancel, null for both
 * @param recipientId the participant to nudge; null for an escalation (the program's managers)
 * @param zone the recipient's zone, for their quiet hours (participants; managers' come from their directory)
 * @param requestedAt when it fell due (RFC 3339): with the alert and recipient, the notification's identity
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DispatchRequest(
        @JsonProperty("cancel") boolean cancel,
        @JsonProperty("purpose") String purpose,
        @JsonProperty("alert_id") String alertId,
        @JsonProperty("match_id") String matchId,
        @JsonProperty("program_id") String programId,
        @JsonProperty("cohort_id") String cohortId,
        @JsonProperty("kind") String kind,
        @JsonProperty("day") String day,
        @JsonProperty("recipient_id") String recipientId,
        @JsonProperty("recipient_role") String recipientRole,
        @JsonProperty("zone") String zone,
        @JsonProperty("raised_at") String raisedAt,
        @JsonProperty("why") String why,
        @JsonProperty("days_silent") int daysSilent,
        @JsonProperty("requested_at") String requestedAt) {

    /** Purpose of a cancel that drops everything waiting for an erased participant, whatever the alert. */
    static final String ERASE = "erase";

    /** Drops what waits for the erased participant in the program, and tells the notifier to forget them. */
    static DispatchRequest erase(String programId, String participantId) {
        return new DispatchRequest(true, ERASE, null, null, programId, null, null, null, participantId, null, null,
                null, null, 0, null);
    }

    static DispatchRequest cancel(String programId, String alertId, String purpose) {
        return new DispatchRequest(true, purpose, alertId, null, programId, null, null, null, null, null, null, null,
                null, 0, null);
    }

    /** The same request for one named recipient (an escalation is fanned out to each of the program's managers). */
    DispatchRequest to(String recipient, String role, String recipientZone) {
        return new DispatchRequest(false, purpose, alertId, matchId, programId, cohortId, kind, day, recipient, role,
                recipientZone, raisedAt, why, daysSilent, requestedAt);
    }

    /** The idempotency key of the notification this request becomes. */
    String notificationId() {
        return alertId + "/" + purpose + "/" + recipientId + "/" + requestedAt;
    }
}
