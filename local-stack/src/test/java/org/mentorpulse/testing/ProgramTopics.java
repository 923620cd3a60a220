package org.mentorpulse.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.mentorpulse.bench.AnalyticsReplayBenchmark;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.testkit.generator.SyntheticProgramGenerator;

/** A generated program on a topic of its own, as the deduplicator would have written it: what a drill replays. */
public final class ProgramTopics {
    private ProgramTopics() {}

    /** Creates {@code topic} (3 partitions) and writes the program to it; the number of events. */
    public static int write(Endpoints endpoints, String topic, SyntheticProgramGenerator.Options program)
            throws Exception {
        create(endpoints, new NewTopic(topic, 3, (short) 1));
        return append(endpoints, topic, program);
    }

    /** Creates a topic on the stack's broker. */
    public static void create(Endpoints endpoints, NewTopic topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap()))) {
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Writes the program to the end of an existing topic; the number of events. */
    public static int append(Endpoints endpoints, String topic, SyntheticProgramGenerator.Options program) {
        return AnalyticsReplayBenchmark.write(endpoints.kafkaBootstrap(), topic,
                new SyntheticProgramGenerator(program).generate().events());
    }
}
