package org.mentorpulse.ingestion;

/** The events could not be made durable; nothing in the request may be assumed stored. */
public class EventLogUnavailableException extends RuntimeException {
    public EventLogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
