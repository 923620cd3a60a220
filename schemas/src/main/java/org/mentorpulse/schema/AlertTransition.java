package org.mentorpulse.schema;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One step in the life of an alert ({@link Topics#ALERT_LOG}, keyed by match; the {@code mentorpulse.alerts}
 * table holds the same rows): raised, nudged, escalated, acknowledged, snoozed, unsnoozed, annotated, resolved,
 * delivery_failed.
 *
 * @param alertId stable for the alert's whole life: the match, the kind and the day it was raised
 * @param kind {@code at_risk} or {@code stalled}
 * @param day the match's local day the transition is about (ISO date)
 * @param at when the transition happened (RFC 3339)
 * @param cause why: the risk's reasons, or the person and their note
 * @param actor {@code system}, or the program manager who acted
 * @param channel how a notification went (email, slack, teams, webhook), or empty
 * @param heldOut on {@code raised}: whether the match is in the holdout that gets no nudge (null otherwise)
 * @param nudgeDueAt on {@code raised}: when the pair may be nudged, their quiet hours respected (RFC 3339; null
 *     for a held-out match and on other transitions)
 * @param recipient on {@code nudged}, {@code escalated} and {@code delivery_failed}: who was (or was to be) told,
 *     a participant or program manager id; null otherwise
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlertTransition(
        @JsonProperty("alert_id") String alertId,
        @JsonProperty("match_id") String matchId,
        @JsonProperty("program_id") String programId,
        @JsonProperty("cohort_id") String cohortId,
        @JsonProperty("kind") String kind,
        @JsonProperty("transition") String transition,
        @JsonProperty("day") String day,
        @JsonProperty("at") String at,
        @JsonProperty("cause") String cause,
        @JsonProperty("actor") String actor,
        @JsonProperty("channel") String channel,
        @JsonProperty("held_out") Boolean heldOut,
        @JsonProperty("nudge_due_at") String nudgeDueAt,
        @JsonProperty("recipient") String recipient) {

    public static final String RAISED = "raised";
    public static final String NUDGED = "nudged";
    public static final String ESCALATED = "escalated";
    public static final String ACKNOWLEDGED = "acknowledged";
    public static final String SNOOZED = "snoozed";
    public static final String UNSNOOZED = "unsnoozed";
    public static final String ANNOTATED = "annotated";
    public static final String RESOLVED = "resolved";
    public static final String DELIVERY_FAILED = "delivery_failed";
    public static final String AT_RISK = "at_risk";
    public static final String STALLED = "stalled";
    public static final String SYSTEM = "system";
}
