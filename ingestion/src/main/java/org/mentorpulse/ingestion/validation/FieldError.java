package org.mentorpulse.ingestion.validation;

import java.util.List;
import org.mentorpulse.schema.DeadLetter;

/**
 * Why one field of an event was refused: {@code field} is a path such as {@code data.match_id}, {@code code}
 * the kind of problem and {@code reason} a sentence for the person who fixes the sender.
 */
public record FieldError(String field, RejectionCode code, String reason) {
    /** As a reason of a dead letter, the record every stage writes. */
    public DeadLetter.Reason toReason() {
        return new DeadLetter.Reason(field, code.label(), reason);
    }

    public static List<DeadLetter.Reason> toReasons(List<FieldError> errors) {
        return errors.stream().map(FieldError::toReason).toList();
    }
}
