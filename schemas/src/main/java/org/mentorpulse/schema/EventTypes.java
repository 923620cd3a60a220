package org.mentorpulse.schema;

/** CloudEvents {@code type} values of the public event catalogue (SPEC section 3) that are implemented. */
public final class EventTypes {
    public static final String MATCH_CREATED = "org.mentorpulse.match.created";
    public static final String MESSAGE_SENT = "org.mentorpulse.message.sent";
    public static final String MEETING_HELD = "org.mentorpulse.meeting.held";

    private EventTypes() {}
}
