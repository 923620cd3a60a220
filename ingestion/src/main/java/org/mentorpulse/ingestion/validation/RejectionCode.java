package org.mentorpulse.ingestion.validation;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The kind of a refusal, for machines: metrics count by it, dashboards group by it, senders branch on it. */
public enum RejectionCode {
    /** a required field is absent or null */
    MISSING,
    /** the field has the wrong JSON type (a number where a string belongs, ...) */
    WRONG_TYPE,
    /** right type, refused value: out of range, not a known symbol, not a timestamp, ... */
    INVALID_VALUE,
    /** the CloudEvents type is not in the catalogue */
    UNKNOWN_TYPE,
    /** two fields contradict each other (a meeting ending before it started, ...) */
    INCONSISTENT,
    /** the event is larger or deeper than ingestion accepts */
    TOO_LARGE,
    /** the credential used may not send events for this source */
    SOURCE_NOT_ALLOWED,
    /** a vendor notification that has no place in the catalogue, or lacks what its mapping needs */
    UNMAPPABLE,
    /** the bytes are not JSON, or not an Avro record of the log (for dead letters of later stages) */
    MALFORMED,
    /** not a verdict on the event: the log could not store it now; send it again after Retry-After */
    UNAVAILABLE;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
