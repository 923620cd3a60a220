package org.mentorpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mentorpulse.ingestion.validation.EventValidator;
import org.mentorpulse.schema.MentorPulseEvent;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.testing.LocalStackExtension;
import org.mentorpulse.testing.ProgramTopics;
import org.mentorpulse.testkit.generator.SyntheticProgramGenerator;

/**
 * The bulk loader on the real broker: what a producer could not confirm is looked up in the log by source and id
 * before it is sent again, and records the broker keeps refusing end in an error that counts them.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LogLoaderIT {

    private static List<MentorPulseEvent> program(long seed) {
        EventValidator validator = new EventValidator();
        Instant received = Instant.now();
        return new SyntheticProgramGenerator(new SyntheticProgramGenerator.Options(seed, 3, 30,
                LocalDate.of(2026, 3, 2))).generate().events().stream()
                .map(e -> validator.validate(e, received).event()).toList();
    }


    @Test
    void theRecordsLookedUpAreThoseTheLogLacks(Endpoints endpoints) throws Exception {
        String topic = "mentorpulse.it.log-loader";
        ProgramTopics.create(endpoints, new NewTopic(topic, 3, (short) 1));
        List<MentorPulseEvent> written = program(1);
        List<MentorPulseEvent> other = program(2);
        LogLoader loader = new LogLoader(endpoints.kafkaBootstrap());
        loader.load(topic, written);

        List<MentorPulseEvent> asked = List.of(written.get(0), other.get(0), written.get(written.size() - 1),
                other.get(1));
        assertThat(loader.missingFromLog(topic, asked)).containsExactly(other.get(0), other.get(1));
        assertThat(loader.missingFromLog(topic, written)).isEmpty();
    }

    @Test
    void recordsTheBrokerKeepsRefusingFailTheLoadWithTheirCount(Endpoints endpoints) throws Exception {
        String topic = "mentorpulse.it.log-loader-refusing";
        // no batch fits under this limit, so the broker refuses every one, in every round
        ProgramTopics.create(endpoints, new NewTopic(topic, 1, (short) 1).configs(Map.of("max.message.bytes", "64")));
        List<MentorPulseEvent> events = program(3);

        assertThatThrownBy(() -> new LogLoader(endpoints.kafkaBootstrap()).load(topic, events))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(events.size() + " of " + events.size() + " records were not written to "
                        + topic + " in 3 rounds")
                .hasCauseInstanceOf(RecordTooLargeException.class);
    }
}
