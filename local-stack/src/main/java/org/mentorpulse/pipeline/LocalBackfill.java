package org.mentorpulse.pipeline;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import org.mentorpulse.analytics.backfill.Backfill;
import org.mentorpulse.analytics.clickhouse.ClickHouseTarget;
import org.mentorpulse.analytics.job.EngagementRiskJob;
import org.mentorpulse.schema.Topics;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.stack.StackException;

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
}
