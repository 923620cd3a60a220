package org.mentorpulse.streams.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mentorpulse.schema.DeadLetter;
import org.mentorpulse.schema.LogClock;
import org.mentorpulse.schema.MentorPulseEvent;
import org.mentorpulse.schema.Topics;
import org.mentorpulse.schema.events.MessageChannel;
import org.mentorpulse.schema.events.MessageSent;

class EventDeduplicationAppTest {
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant WALL_CLOCK = T0.plusSeconds(3600);
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> raw;
    private TestOutputTopic<String, byte[]> events;
    private TestOutputTopic<String, byte[]> deadLetters;

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dedup-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        // the wall clock is the test's: an hour after the first event, whatever day the test runs on
        driver = new TopologyTestDriver(EventDeduplicationApp.buildTopology(Duration.ofDays(7)), props, WALL_CLOCK);
        raw = driver.createInputTopic(Topics.RAW, Serdes.String().serializer(), Serdes.ByteArray().serializer());
        events = driver.createOutputTopic(Topics.EVENTS, Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS, Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private static byte[] message(String source, String id) throws Exception {
        return message(source, id, T0);
    }

    private static byte[] message(String source, String id, Instant time) throws Exception {
        ByteBuffer buffer = MentorPulseEvent.newBuilder()
                .setId(id).setSource(source).setType("org.mentorpulse.message.sent")
                .setTime(time).setReceivedTime(T0).setSubject("m-1")
                .setData(new MessageSent("m-1", "p-1", MessageChannel.chat, null, null, null))
                .build().toByteBuffer();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    @Test
    void shouldPassEachSourceAndIdOnce() throws Exception {
        raw.pipeInput("m-1", message("slack", "e-1"), T0);
        raw.pipeInput("m-1", message("slack", "e-1"), T0.plusSeconds(30));
        raw.pipeInput("m-1", message("slack", "e-2"), T0.plusSeconds(60));
        // the same id from another source is another event
        raw.pipeInput("m-1", message("zoom", "e-1"), T0.plusSeconds(90));

        List<MentorPulseEvent> out = events.readValuesToList().stream().map(EventDeduplicationAppTest::decode).toList();
        assertThat(out).extracting(e -> e.getSource() + "/" + e.getId())
                .containsExactly("slack/e-1", "slack/e-2", "zoom/e-1");
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldKeepTheRecordKeySoAMatchStaysOnOnePartition() throws Exception {
        raw.pipeInput("m-1", message("slack", "e-1"), T0);
        TestRecord<String, byte[]> record = events.readRecord();
        assertThat(record.key()).isEqualTo("m-1");
    }

    @Test
    void shouldSendUndecodableRecordsToTheDeadLetterTopicAndContinue() throws Exception {
        raw.pipeInput("m-1", "not avro".getBytes(), T0);
        raw.pipeInput("m-1", message("slack", "e-1"), T0);

        DeadLetter letter = DeadLetter.fromJson(deadLetters.readValue());
        assertThat(letter.rejectedBy()).isEqualTo("mentorpulse-streams-dedup");
        assertThat(letter.errors()).singleElement().satisfies(r -> {
            assertThat(r.field()).isEqualTo("$");
            assertThat(r.code()).isEqualTo(DeadLetter.MALFORMED);
            assertThat(r.reason()).startsWith("not a MentorPulse Avro event");
        });
        assertThat(letter.payloadEncoding()).isEqualTo(DeadLetter.BASE64_PAYLOAD);
        assertThat(Base64.getDecoder().decode(letter.originalPayload())).isEqualTo("not avro".getBytes());
        assertThat(events.getQueueSize()).isEqualTo(1);
    }

    @Test
    void shouldForgetIdsAfterTheRetentionSoMemoryStaysBounded() throws Exception {
        raw.pipeInput("m-1", message("slack", "e-1"), T0);
        raw.pipeInput("m-1", message("slack", "e-9"), T0.plus(Duration.ofDays(20)));
        raw.pipeInput("m-1", message("slack", "e-1"), T0.plus(Duration.ofDays(20)).plusSeconds(1));

        assertThat(events.getQueueSize()).isEqualTo(3);
    }

    @Test
    void shouldTickEveryIntervalWithTheNewestEventTimeAndLetTimePassWhenQuiet() throws Exception {
        driver.advanceWallClockTime(Duration.ofSeconds(30));
        assertThat(events.isEmpty()).as("no tick before any event").isTrue();

        raw.pipeInput("m-1", message("slack", "e-1"), T0);
        events.readRecord();
        driver.advanceWallClockTime(EventDeduplicationApp.DEFAULT_CLOCK_INTERVAL);
        TestRecord<String, byte[]> tick = events.readRecord();
        assertThat(tick.key()).isEqualTo(LogClock.KEY);
        assertThat(tick.headers().lastHeader(LogClock.HEADER)).isNotNull();
        assertThat(LogClock.decode(tick.value())).isEqualTo(T0.toEpochMilli());

        // a quiet minute later, event time has moved on with the clock
        driver.advanceWallClockTime(Duration.ofSeconds(60));
        List<byte[]> ticks = events.readValuesToList();
        assertThat(LogClock.decode(ticks.get(ticks.size() - 1))).isEqualTo(T0.plusSeconds(60).toEpochMilli());
    }

    @Test
    void aTaskWhoseEventsKeepComingDoesNotTickSoABurstCannotOvertakeASiblingStillForwardingIt() throws Exception {
        // the punctuation comes every 10 s of wall clock; events move this task's newest time at +0 s and +5 s
        raw.pipeInput("m-1", message("slack", "e-1", T0), T0);
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        raw.pipeInput("m-1", message("slack", "e-2", T0.plusSeconds(3600)), T0);
        driver.advanceWallClockTime(Duration.ofSeconds(5)); // +10 s: the newest moved 5 s ago
        assertThat(events.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("m-1", "m-1");

        driver.advanceWallClockTime(Duration.ofSeconds(10)); // +20 s: still for 15 s, so a tick
        TestRecord<String, byte[]> tick = events.readRecord();
        assertThat(tick.key()).isEqualTo(LogClock.KEY);
        assertThat(LogClock.decode(tick.value())).isEqualTo(T0.plusSeconds(3600 + 5).toEpochMilli());
    }

    @Test
    void anEventFromTheYear9999DoesNotMoveTheClockAndTicksCarryTheWallClockAsTheirTimestamp() throws Exception {
        raw.pipeInput("m-1", message("slack", "e-1"), WALL_CLOCK);
        raw.pipeInput("m-1", message("slack", "e-far", Instant.parse("9999-12-31T23:59:59Z")), WALL_CLOCK);
        assertThat(events.readValuesToList()).as("both are events; the log keeps them").hasSize(2);

        driver.advanceWallClockTime(EventDeduplicationApp.DEFAULT_CLOCK_INTERVAL);
        TestRecord<String, byte[]> tick = events.readRecord();
        assertThat(LogClock.decode(tick.value())).isEqualTo(T0.toEpochMilli());
        // a broker refuses record timestamps far from its own clock: the tick's is the wall clock
        assertThat(tick.timestamp()).isEqualTo(WALL_CLOCK.plus(EventDeduplicationApp.DEFAULT_CLOCK_INTERVAL)
                .toEpochMilli());
    }

    @Test
    void theClockNeverRunsAheadOfTheWallClockByMoreThanADay() throws Exception {
        Instant tomorrowAndAHalf = WALL_CLOCK.plus(Duration.ofHours(36));
        Instant inTwentyHours = WALL_CLOCK.plus(Duration.ofHours(20));
        raw.pipeInput("m-1", message("slack", "e-1", inTwentyHours), WALL_CLOCK);
        raw.pipeInput("m-1", message("slack", "e-2", tomorrowAndAHalf), WALL_CLOCK);
        events.readValuesToList();

        driver.advanceWallClockTime(EventDeduplicationApp.DEFAULT_CLOCK_INTERVAL);
        assertThat(LogClock.decode(events.readRecord().value())).isEqualTo(inTwentyHours.toEpochMilli());
    }

    @Test
    void ticksGoToEveryPartitionAndEventsWhereTheirKeyHashes() {
        var partitioner = new EventDeduplicationApp.ClockTicksEverywhere();
        assertThat(partitioner.partitions(Topics.EVENTS, LogClock.KEY, new byte[8], 3)).contains(Set.of(0, 1, 2));
        assertThat(partitioner.partitions(Topics.EVENTS, "m-1", new byte[8], 3)).isEmpty();
    }

    private static MentorPulseEvent decode(byte[] bytes) {
        try {
            return MentorPulseEvent.fromByteBuffer(ByteBuffer.wrap(bytes));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
