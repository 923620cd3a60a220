package org.mentorpulse.pipeline;

import java.io.OutputStream;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import java.nio.file.Path;
import java.time.Duration;
import org.mentorpulse.analytics.backfill.Backfill;
import org.mentorpulse.analytics.clickhouse.ClickHouseTarget;
import org.mentorpulse.analytics.job.EngagementRiskJob;
import org.mentorpulse.bench.AnalyticsReplayBenchmark;
import org.mentorpulse.schema.Topics;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.stack.StackException;
import org.mentorpulse.testkit.generator.SyntheticProgram;
import org.mentorpulse.warehouse.SchemaMigrator;

/** {@link Backfill} on the local stack: a local Flink environment, the stack's Kafka and ClickHouse. */
public final class LocalBackfill {
    private LocalBackfill() {}

    /** The canonical log into {@code database}. */
    public static Backfill.Result run(Endpoints endpoints, Path stateDir, EngagementRiskJob.Options options,
            String database, int parallelism, PrintStream out) {
        return run(endpoints, stateDir, options, Topics.EVENTS, database, parallelism, out);
    }

    /** Any topic holding canonical events (the benchmark's) into {@code database}. */
    public static Backfill.Result run(Endpoints endpoints, Path stateDir, EngagementRiskJob.Options options,
            String topic, String database, int parallelism, PrintStream out) {
        ClickHouseTarget target = endpoints.pipelineTarget(database);
        try {
            return Backfill.run(endpoints.kafkaBootstrap(), topic, target, options,
                    LocalFlink.environment(parallelism, stateDir.resolve("flink-checkpoints-replay"),
                            Duration.ofSeconds(30)), out);
        } catch (IllegalStateException e) {
            throw new StackException(e.getMessage(), e);
        }
    }

    /**
     * A generated program through the engagement job into {@code database} (dropped first), from a throw-away
     * topic: what the benchmarks and the back-test compute their figures from, apart from the live tables.
     */
    public static void loadProgram(Endpoints endpoints, Path stateDir, EngagementRiskJob.Options options,
            SyntheticProgram program, String database, PrintStream out) throws Exception {
        String topic = "mentorpulse.load." + database + "-" + System.currentTimeMillis();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
            try {
                int events = AnalyticsReplayBenchmark.write(endpoints.kafkaBootstrap(), topic, program.events());
                out.printf("%,d events of %,d matches over %d days in %s; computing them into %s ...%n", events,
                        program.matches().size(), program.days(), topic, database);
                try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement()) {
                    dropDatabase(st, database);
                }
                double seconds = run(endpoints, stateDir, options, topic, database, 2,
                        new PrintStream(OutputStream.nullOutputStream())).seconds();
                out.printf("  computed in %.1f s%n", seconds);
            } finally {
                admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Drops a replay database and the research database that goes with it. */
    public static void dropDatabase(Statement st, String database) throws java.sql.SQLException {
        st.execute("DROP DATABASE IF EXISTS " + database);
        st.execute("DROP DATABASE IF EXISTS " + SchemaMigrator.researchDatabase(database));
    }
}
