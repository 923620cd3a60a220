package org.mentorpulse.schema;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A match's commitment risk on one of its local days, as the analytics job computed it: what the alerting app
 * acts on ({@link Topics#RISK_LOG}, keyed by match). Published for every day the job evaluates, and again when
 * late data corrects a day.
 *
 * @param day the match's local day, ISO date
 * @param contributions each factor's points (they add up to the score)
 * @param why the reasons in words, strongest first
 * @param computedAt when the job computed the row (RFC 3339): the lag from here to an alert is its latency
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RiskChange(
        @JsonProperty("match_id") String matchId,
        @JsonProperty("program_id") String programId,
        @JsonProperty("cohort_id") String cohortId,
        @JsonProperty("day") String day,
        @JsonProperty("timezone") String timezone,
        @JsonProperty("score") int score,
        @JsonProperty("level") String level,
        @JsonProperty("contributions") Map<String, Double> contributions,
        @JsonProperty("why") String why,
        @JsonProperty("days_since_two_way_contact") int daysSinceTwoWayContact,
        @JsonProperty("stall_threshold_days") int stallThresholdDays,
        @JsonProperty("computed_at") String computedAt) {}
