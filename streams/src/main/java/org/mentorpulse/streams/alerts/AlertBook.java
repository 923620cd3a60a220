package org.mentorpulse.streams.alerts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the alerting app knows of one match: who is in it, its latest risk and status, each party's last contact,
 * and its open alerts by kind (at most one per kind). Kept in a state store, changelogged, so a restart resumes
 * it; {@code GET /v1/matches/{id}} serves it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class AlertBook {
    /** What stands for an erased participant's id ({@code participant.erased}). */
    public static final String ERASED = "erased";

    @JsonProperty("match_id")
    public String matchId;
    @JsonProperty("program_id")
    public String programId;
    @JsonProperty("cohort_id")
    public String cohortId;
    @JsonProperty("mentor_id")
    public String mentorId;
    @JsonProperty("mentee_id")
    public String menteeId;
    /** the match's status from {@code match.status.changed} (active until told otherwise) */
    @JsonProperty("status")
    public String status = "active";
    /** the newest day seen (ISO date); an older day's correction does not change the alerts */
    @JsonProperty("last_day")
    public String lastDay;
    @JsonProperty("level")
    public String level;
    @JsonProperty("score")
    public int score;
    /** the match's zone as the analytics judge its days (the mentee's, else the mentor's) */
    @JsonProperty("timezone")
    public String timezone;
    /** role (mentor, mentee) -> when that party last wrote, met or shared something (RFC 3339) */
    @JsonProperty("last_contact")
    public TreeMap<String, String> lastContact = new TreeMap<>();
    /** kind -> the open alert */
    @JsonProperty("open")
    public TreeMap<String, OpenAlert> open = new TreeMap<>();

    /** The earliest moment something of this match falls due (an escalation, a snoozed alert's waking). */
    @JsonIgnore
    public Optional<Instant> nextDue() {
        return open.values().stream().map(OpenAlert::nextDue).flatMap(Optional::stream).min(Instant::compareTo);
    }

    /** One open alert and the steps still ahead of it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class OpenAlert {
        @JsonProperty("alert_id")
        public String alertId;
        @JsonProperty("kind")
        public String kind;
        @JsonProperty("raised_day")
        public String raisedDay;
        @JsonProperty("raised_at")
        public String raisedAt;
        @JsonProperty("why")
        public String why;
        @JsonProperty("days_silent")
        public int daysSilent;
        @JsonProperty("held_out")
        public boolean heldOut;
        /** when the program manager is to be told if nothing changes (RFC 3339); null once escalated or acted on */
        @JsonProperty("escalate_at")
        public String escalateAt;
        @JsonProperty("acknowledged_by")
        public String acknowledgedBy;
        /** the day it wakes (ISO date) while snoozed */
        @JsonProperty("snoozed_until")
        public String snoozedUntil;
        /** the instant it wakes (RFC 3339): the start of {@link #snoozedUntil} in the match's zone */
        @JsonProperty("wake_at")
        public String wakeAt;

        Optional<Instant> nextDue() {
            if (wakeAt != null) {
                return Optional.of(Instant.parse(wakeAt));
            }
            return Optional.ofNullable(escalateAt).map(Instant::parse);
        }
    }
}
