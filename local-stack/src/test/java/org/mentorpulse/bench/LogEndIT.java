package org.mentorpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mentorpulse.analytics.event.LogEnd;
import org.mentorpulse.ingestion.log.KafkaEventLog;
import org.mentorpulse.ingestion.validation.EventValidator;
import org.mentorpulse.schema.MentorPulseEvent;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.testing.LocalStackExtension;
import org.mentorpulse.testing.ProgramTopics;
import org.mentorpulse.testkit.generator.SyntheticProgramGenerator;

/**
 * Where a replay stops evaluating days is read from the log's end: the least, over the partitions that hold
 * records, of the greatest time in the partition, wherever in it that record is. An unknown topic is an error, not an empty log (which would evaluate nothing).
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LogEndIT {


    @Test
    void theEndIsTheLeastOfThePartitionsGreatestTimesWhereverTheyAre(Endpoints endpoints) throws Exception {
        String topic = "mentorpulse.it.log-end";
        ProgramTopics.create(endpoints, new NewTopic(topic, 3, (short) 1));
        EventValidator validator = new EventValidator();
        Instant received = Instant.now();
        List<MentorPulseEvent> events = new SyntheticProgramGenerator(new SyntheticProgramGenerator.Options(7, 4, 30,
                LocalDate.of(2026, 3, 2))).generate().events().stream()
                .map(e -> validator.validate(e, received).event()).toList();
        // partition 0 holds the program's first ten events, partition 1 the others; partition 2 holds nothing.
        // Each ends with an older event sent again (as a writer does with a record it could not confirm), so
        // neither partition's last record is its latest.
        List<MentorPulseEvent> first = events.subList(0, 10);
        List<MentorPulseEvent> rest = events.subList(10, events.size());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                KafkaEventLog.producerConfig(endpoints.kafkaBootstrap()), new StringSerializer(),
                new ByteArraySerializer())) {
            for (MentorPulseEvent e : rest) {
                send(producer, topic, 1, e);
            }
            send(producer, topic, 1, rest.get(0));
            for (MentorPulseEvent e : first) {
                send(producer, topic, 0, e);
            }
            send(producer, topic, 0, first.get(2));
            producer.flush();
        }

        long partition0Ends = first.stream().mapToLong(e -> e.getTime().toEpochMilli()).max().getAsLong();
        long partition1Ends = rest.stream().mapToLong(e -> e.getTime().toEpochMilli()).max().getAsLong();
        assertThat(first.get(2).getTime().toEpochMilli()).isLessThan(partition0Ends);
        assertThat(partition0Ends).isLessThan(partition1Ends);
        assertThat(LogEnd.of(endpoints.kafkaBootstrap(), topic)).isEqualTo(new LogEnd(partition0Ends));
    }

    @Test
    void aTopicWithoutRecordsHasNoEndAndAnUnknownTopicIsAnError(Endpoints endpoints) throws Exception {
        String empty = "mentorpulse.it.log-end-empty";
        ProgramTopics.create(endpoints, new NewTopic(empty, 2, (short) 1));
        assertThat(LogEnd.of(endpoints.kafkaBootstrap(), empty)).isEqualTo(LogEnd.EMPTY);

        assertThatThrownBy(() -> LogEnd.of(endpoints.kafkaBootstrap(), "mentorpulse.it.no-such-topic"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mentorpulse.it.no-such-topic is not known");
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, int partition,
            MentorPulseEvent event) throws Exception {
        ProducerRecord<String, byte[]> keyed = KafkaEventLog.record(topic, event);
        producer.send(new ProducerRecord<>(topic, partition, keyed.key(), keyed.value(), keyed.headers()))
                .get(30, TimeUnit.SECONDS);
    }
}
