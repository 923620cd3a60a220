package org.mentorpulse.ingestion.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.mentorpulse.schema.MentorPulseEvent;
import org.mentorpulse.schema.events.MeetingHeld;
import org.mentorpulse.schema.events.MessageChannel;
import org.mentorpulse.schema.events.MessageSent;

class EventValidatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant RECEIVED = Instant.parse("2026-03-03T00:00:00Z");
    private final EventValidator validator = new EventValidator();

    private static ObjectNode message() throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"specversion":"1.0","id":"e-1","source":"test/platform","type":"org.mentorpulse.message.sent",
                 "time":"2026-03-02T09:30:00+01:00","subject":"m-1",
                 "data":{"match_id":"m-1","sender_id":"p-1","channel":"email","length_chars":420,
                         "body":"this text must never be stored","unknown_field":true}}
                """);
    }

    @Test
    void acceptsAStructuredMessageEventAndNormalisesTimeToUtc() throws Exception {
        ValidationResult result = validator.validate(message(), RECEIVED);

        assertThat(result.errors()).isEmpty();
        MentorPulseEvent event = result.event();
        assertThat(event.getTime()).isEqualTo(Instant.parse("2026-03-02T08:30:00Z"));
        assertThat(event.getReceivedTime()).isEqualTo(RECEIVED);
        assertThat(event.getSubject()).isEqualTo("m-1");
        MessageSent data = (MessageSent) event.getData();
        assertThat(data.getChannel()).isEqualTo(MessageChannel.email);
        assertThat(data.getLengthChars()).isEqualTo(420);
    }

    @Test
    void messageContentIsNotCarriedIntoTheCanonicalEvent() throws Exception {
        MentorPulseEvent event = validator.validate(message(), RECEIVED).event();
        assertThat(event.toString()).doesNotContain("must never be stored");
    }

    @Test
    void namesEveryMissingOrMalformedFieldAtOnce() throws Exception {
        ObjectNode event = message();
        event.remove("time");
        ((ObjectNode) event.get("data")).remove("match_id");
        ((ObjectNode) event.get("data")).put("channel", "pigeon");
        ((ObjectNode) event.get("data")).put("length_chars", -3);

        ValidationResult result = validator.validate(event, RECEIVED);

        assertThat(result.isAccepted()).isFalse();
        assertThat(result.id()).isEqualTo("e-1");
        assertThat(result.errors()).extracting(FieldError::field)
                .containsExactlyInAnyOrder("time", "data.match_id", "data.channel", "data.length_chars");
        assertThat(result.errors()).filteredOn(e -> e.field().equals("data.match_id"))
                .extracting(FieldError::reason).containsExactly("required field is missing");
        assertThat(result.errors()).filteredOn(e -> e.field().equals("data.channel"))
                .extracting(FieldError::reason).first().asString().contains("pigeon").contains("email");
    }

    @Test
    void refusesUnknownTypesWrongSpecVersionAndNonObjects() throws Exception {
        ObjectNode event = message();
        event.put("type", "org.mentorpulse.telepathy.used");
        event.put("specversion", "0.3");
        assertThat(validator.validate(event, RECEIVED).errors()).extracting(FieldError::field)
                .containsExactlyInAnyOrder("type", "specversion");

        assertThat(validator.validate(JSON.readTree("[1,2]"), RECEIVED).errors())
                .containsExactly(new FieldError("$", RejectionCode.WRONG_TYPE, "an event must be a JSON object, not an array"));
    }

    @Test
    void refusesATimeWithoutOffsetAndASubjectThatIsNotTheMatch() throws Exception {
        ObjectNode event = message();
        event.put("time", "2026-03-02 09:30");
        event.put("subject", "m-2");
        assertThat(validator.validate(event, RECEIVED).errors()).extracting(FieldError::field)
                .containsExactlyInAnyOrder("time", "subject");
    }

    @Test
    void meetingEndBeforeStartIsRefusedAndAValidMeetingIsAccepted() throws Exception {
        ObjectNode meeting = (ObjectNode) JSON.readTree("""
                {"specversion":"1.0","id":"e-2","source":"zoom","type":"org.mentorpulse.meeting.held",
                 "time":"2026-03-02T10:00:00Z",
                 "data":{"match_id":"m-1","meeting_id":"mt-1","channel":"video",
                         "started_at":"2026-03-02T09:00:00Z","ended_at":"2026-03-02T10:00:00Z",
                         "attendee_ids":["p-1","p-2"]}}
                """);
        ValidationResult ok = validator.validate(meeting, RECEIVED);
        assertThat(ok.errors()).isEmpty();
        assertThat(ok.event().getSubject()).isEqualTo("m-1");
        assertThat(((MeetingHeld) ok.event().getData()).getAttendeeIds()).containsExactly("p-1", "p-2");

        ((ObjectNode) meeting.get("data")).put("ended_at", "2026-03-02T08:00:00Z");
        assertThat(validator.validate(meeting, RECEIVED).errors())
                .containsExactly(new FieldError("data.ended_at", RejectionCode.INCONSISTENT, "must not be before started_at"));
    }

    @Test
    void matchCreatedCarriesProgramAndCohortIntoTheEnvelope() throws Exception {
        ValidationResult result = validator.validate(JSON.readTree("""
                {"specversion":"1.0","id":"e-3","source":"crm","type":"org.mentorpulse.match.created",
                 "time":"2026-03-01T00:00:00Z",
                 "data":{"match_id":"m-1","program_id":"prog","cohort_id":"c-1","mentor_id":"p-1",
                         "mentee_id":"p-2","starts_on":"2026-03-01"}}
                """), RECEIVED);
        assertThat(result.errors()).isEmpty();
        assertThat(result.event().getProgramId()).isEqualTo("prog");
        assertThat(result.event().getCohortId()).isEqualTo("c-1");
    }

    @Test
    void anEventTimeFarAheadOfItsReceiptOrBeforeTheFloorIsRefusedOnTheTimeField() throws Exception {
        Instant received = Instant.parse("2026-11-29T12:00:00Z");
        for (String time : new String[] {"9999-12-31T23:59:59Z", "2026-12-01T12:00:00Z", "1970-01-01T00:00:00Z"}) {
            ObjectNode event = message();
            event.put("time", time);
            ValidationResult result = validator.validate(event, received);
            assertThat(result.isAccepted()).as(time).isFalse();
            assertThat(result.errors()).singleElement().satisfies(e -> {
                assertThat(e.field()).isEqualTo("time");
                assertThat(e.code()).isEqualTo(RejectionCode.INVALID_VALUE);
                assertThat(e.reason()).contains(time.substring(0, 10));
            });
        }
        ObjectNode soon = message();
        soon.put("time", "2026-11-30T11:59:00Z");
        assertThat(validator.validate(soon, received).isAccepted()).as("within a day ahead: clocks drift").isTrue();
    }
}
