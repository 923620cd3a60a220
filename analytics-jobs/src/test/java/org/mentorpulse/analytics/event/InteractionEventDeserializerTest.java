package org.mentorpulse.analytics.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.mentorpulse.schema.DeadLetter;
import org.mentorpulse.schema.EventCodec;
import org.mentorpulse.schema.LogClock;
import org.mentorpulse.schema.MentorPulseEvent;
import org.mentorpulse.schema.events.MeetingChannel;
import org.mentorpulse.schema.events.MeetingHeld;

class InteractionEventDeserializerTest {
    private final InteractionEventDeserializer deserializer = new InteractionEventDeserializer();

    private static ConsumerRecord<byte[], byte[]> record(byte[] value, boolean tick) {
        RecordHeaders headers = new RecordHeaders();
        if (tick) {
            headers.add(LogClock.HEADER, new byte[0]);
        }
        return new ConsumerRecord<>("mentorpulse.events", 1, 42, 0L, TimestampType.CREATE_TIME, 0, value.length,
                new byte[0], value, headers, Optional.empty());
    }

    private List<InteractionEvent> read(ConsumerRecord<byte[], byte[]> record) throws Exception {
        List<InteractionEvent> out = new ArrayList<>();
        deserializer.deserialize(record, new Collector<>() {
            @Override
            public void collect(InteractionEvent e) {
                out.add(e);
            }

            @Override
            public void close() {}
        });
        return out;
    }

    @Test
    void anEventKeepsWhatTheMetricsNeed() throws Exception {
        Instant start = Instant.parse("2026-03-03T09:00:00Z");
        MentorPulseEvent event = new MentorPulseEvent("e-1", "/zoom", "org.mentorpulse.meeting.held",
                start.plusSeconds(2700), start.plusSeconds(2800), "m-1", null, null,
                new MeetingHeld("m-1", "mt-1", MeetingChannel.video, start, start.plusSeconds(2700), List.of(), true));

        InteractionEvent e = read(record(EventCodec.encodeToBytes(event), false)).get(0);

        assertThat(e.matchId).isEqualTo("m-1");
        assertThat(e.itemId).isEqualTo("mt-1");
        assertThat(e.startedAt).isEqualTo(start.toEpochMilli());
        assertThat(e.connectionIssues).isTrue();
        assertThat(e.isClock()).isFalse();
    }

    @Test
    void aClockTickBecomesATickThatOnlyCarriesEventTime() throws Exception {
        InteractionEvent tick = read(record(LogClock.encode(1_772_000_000_000L), true)).get(0);

        assertThat(tick.isClock()).isTrue();
        assertThat(tick.eventTime).isEqualTo(1_772_000_000_000L);
        assertThat(tick.matchId).isNull();
        assertThat(tick.isParticipantScoped()).isFalse();
    }

    @Test
    void aCorruptRecordBecomesADeadLetterWithItsPositionAndTheJobReadsOn() throws Exception {
        InteractionEvent undecodable = read(record("garbage".getBytes(), false)).get(0);

        assertThat(undecodable.isUndecodable()).isTrue();
        assertThat(undecodable.isEvent()).isFalse();
        DeadLetter letter = DeadLetter.fromJson(undecodable.deadLetter.getBytes(StandardCharsets.UTF_8));
        assertThat(letter.rejectedBy()).isEqualTo(InteractionEventDeserializer.COMPONENT);
        assertThat(letter.errors()).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo(DeadLetter.MALFORMED);
            assertThat(r.reason()).contains("mentorpulse.events-1 at offset 42");
        });
        assertThat(Base64.getDecoder().decode(letter.originalPayload())).isEqualTo("garbage".getBytes());

        // the next record of the partition is read as usual
        assertThat(read(record(LogClock.encode(1_772_000_000_000L), true)).get(0).isClock()).isTrue();
    }

    @Test
    void eachRecordCarriesThePartitionItWasReadFrom() throws Exception {
        assertThat(read(record(LogClock.encode(1_772_000_000_000L), true)).get(0).logPartition).isEqualTo(1);
        assertThat(read(record("garbage".getBytes(), false)).get(0).logPartition).as("not a record of the log")
                .isEqualTo(LogWatermarks.NO_PARTITION);
    }
}
