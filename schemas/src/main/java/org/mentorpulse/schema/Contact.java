package org.mentorpulse.schema;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How to reach a participant, as the alerting app's directory keeps it ({@link Topics#DIRECTORY_LOG}, keyed and
 * compacted by participant): taken from {@code participant.registered}, deleted by {@code participant.erased}.
 * Only what a notification needs; the rest of the registration stays in the event log.
 *
 * @param language the language of their messages as registered (BCP 47), or null for the default
 * @param email their {@code email} identity, or null when they registered none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Contact(
        @JsonProperty("participant_id") String participantId,
        @JsonProperty("program_id") String programId,
        @JsonProperty("role") String role,
        @JsonProperty("timezone") String timezone,
        @JsonProperty("language") String language,
        @JsonProperty("email") String email) {}
