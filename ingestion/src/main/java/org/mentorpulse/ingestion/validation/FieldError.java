package org.mentorpulse.ingestion.validation;

/**
 * Why one field of an event was refused: {@code field} is a path such as {@code data.match_id}, {@code code}
 * the kind of problem and {@code reason} a sentence for the person who fixes the sender.
 */
public record FieldError(String field, RejectionCode code, String reason) {}
