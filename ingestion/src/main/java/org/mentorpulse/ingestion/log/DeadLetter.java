package org.mentorpulse.ingestion.log;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import org.mentorpulse.ingestion.validation.FieldError;

/**
 * A refused event, self-describing so it can be understood, fixed and replayed later: who refused it (component
 * and version), when, every typed reason, and the original payload as received, less any field the catalogue does not know
 * (see {@code ContentPruner}): enough to fix and replay it, never a message's content.
 */
public record DeadLetter(
        @JsonProperty("rejected_by") String rejectedBy,
        @JsonProperty("rejector_version") String rejectorVersion,
        @JsonProperty("rejected_at") Instant rejectedAt,
        /** the ingestion source (credential) that sent it */
        String sender,
        String source,
        String id,
        String type,
        List<FieldError> errors,
        @JsonProperty("original_payload") String originalPayload) {

    public static final String COMPONENT = "mentorpulse-ingestion";
}
