package org.mentorpulse.schema;

/**
 * CloudEvents {@code type} values of the event catalogue (SPEC section 3), for code that branches on a type.
 * {@link EventCatalogue} is the authority; a test checks that every constant here is one of its types.
 */
public final class EventTypes {
    private static final String PREFIX = "org.mentorpulse.";
    public static final String PARTICIPANT_REGISTERED = PREFIX + "participant.registered";
    public static final String MATCH_CREATED = PREFIX + "match.created";
    public static final String AGREEMENT_SET = PREFIX + "agreement.set";
    public static final String MESSAGE_SENT = PREFIX + "message.sent";
    public static final String MEETING_SCHEDULED = PREFIX + "meeting.scheduled";
    public static final String MEETING_HELD = PREFIX + "meeting.held";
    public static final String MEETING_CANCELLED = PREFIX + "meeting.cancelled";
    public static final String MEETING_MISSED = PREFIX + "meeting.missed";
    public static final String FEEDBACK_SUBMITTED = PREFIX + "feedback.submitted";
    public static final String GOAL_UPDATED = PREFIX + "goal.updated";
    public static final String RESOURCE_SHARED = PREFIX + "resource.shared";
    public static final String COHORT_SESSION_ATTENDED = PREFIX + "cohort.session.attended";
    public static final String MATCH_STATUS_CHANGED = PREFIX + "match.status.changed";
    public static final String SURVEY_SENT = PREFIX + "survey.sent";
    public static final String OUTREACH_LOGGED = PREFIX + "outreach.logged";
    public static final String PARTICIPANT_ERASED = PREFIX + "participant.erased";
    public static final String ALERT_ACKNOWLEDGED = PREFIX + "alert.acknowledged";
    public static final String ALERT_SNOOZED = PREFIX + "alert.snoozed";
    public static final String ALERT_ANNOTATED = PREFIX + "alert.annotated";

    private EventTypes() {}
}
