package org.mentorpulse.ingestion.validation;

import java.util.List;
import org.mentorpulse.schema.MentorPulseEvent;

/** Either the canonical event, or what identifies the refused one (as far as it could be read) and why. */
public record ValidationResult(MentorPulseEvent event, String source, String id, List<FieldError> errors) {
    static ValidationResult accepted(MentorPulseEvent event) {
        return new ValidationResult(event, event.getSource(), event.getId(), List.of());
    }

    public static ValidationResult rejected(String source, String id, List<FieldError> errors) {
        return new ValidationResult(null, source, id, List.copyOf(errors));
    }

    public boolean isAccepted() {
        return event != null;
    }
}
