package org.mentorpulse.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.apache.avro.message.MissingSchemaException;
import org.junit.jupiter.api.Test;
import org.mentorpulse.schema.events.MeetingChannel;
import org.mentorpulse.schema.events.MeetingHeld;

class MentorPulseEventEncodingTest {

    @Test
    void singleObjectEncodingRoundTripsAndCarriesTheSchemaFingerprint() throws Exception {
        MentorPulseEvent event = meeting("evt-1", List.of("p-1", "p-2"));

        ByteBuffer bytes = event.toByteBuffer();
        // Avro single-object encoding: marker C3 01, then the 8-byte schema fingerprint.
        assertThat(bytes.get(0)).isEqualTo((byte) 0xC3);
        assertThat(bytes.get(1)).isEqualTo((byte) 0x01);

        MentorPulseEvent decoded = MentorPulseEvent.fromByteBuffer(bytes);
        assertThat(decoded).isEqualTo(event);
        assertThat(((MeetingHeld) decoded.getData()).getAttendeeIds()).containsExactly("p-1", "p-2");
    }

    @Test
    void theCodecWritesExactlyAvrosSingleObjectBytesAndReusesNothingItReturned() throws Exception {
        MentorPulseEvent first = meeting("evt-1", List.of("p-1", "p-2"));
        MentorPulseEvent second = meeting("evt-2", List.of("p-3"));

        byte[] firstBytes = EventCodec.encodeToBytes(first);
        byte[] secondBytes = EventCodec.encodeToBytes(second);

        assertThat(firstBytes).isEqualTo(bytesOf(first.toByteBuffer()));
        assertThat(secondBytes).isEqualTo(bytesOf(second.toByteBuffer()));
        assertThat(EventCodec.decode(firstBytes)).isEqualTo(first);
    }

    private static MentorPulseEvent meeting(String id, List<String> attendees) {
        return MentorPulseEvent.newBuilder()
                .setId(id)
                .setSource("test")
                .setType("org.mentorpulse.meeting.held")
                .setTime(Instant.parse("2026-03-02T10:00:00Z"))
                .setReceivedTime(Instant.parse("2026-03-02T10:05:00Z"))
                .setSubject("m-1")
                .setData(MeetingHeld.newBuilder()
                        .setMatchId("m-1")
                        .setMeetingId("mt-1")
                        .setChannel(MeetingChannel.video)
                        .setStartedAt(Instant.parse("2026-03-02T09:00:00Z"))
                        .setEndedAt(Instant.parse("2026-03-02T10:00:00Z"))
                        .setAttendeeIds(attendees)
                        .build())
                .build();
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    @Test
    void bytesWithAnUnknownFingerprintAreRefused() {
        byte[] bogus = {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0};
        assertThatThrownBy(() -> MentorPulseEvent.fromByteBuffer(ByteBuffer.wrap(bogus)))
                .isInstanceOf(MissingSchemaException.class);
    }
}
