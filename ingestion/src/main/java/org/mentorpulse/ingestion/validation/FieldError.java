package org.mentorpulse.ingestion.validation;

/** Why one field of an event was refused: {@code field} is a path such as {@code data.match_id}. */
public record FieldError(String field, String reason) {}
