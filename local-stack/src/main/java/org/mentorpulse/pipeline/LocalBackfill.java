package org.mentorpulse.pipeline;

import java.io.OutputStream;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import java.time.Duration;
import org.mentorpulse.analytics.backfill.Backfill;
import org.mentorpulse.analytics.clickhouse.ClickHouseTarget;
import org.mentorpulse.analytics.job.EngagementRiskJob;
import org.mentorpulse.bench.AnalyticsReplayBenchmark;
import org.mentorpulse.schema.Topics;
import org.mentorpulse.analytics.event.LogEnd;
import org.mentorpulse.stack.Directories;
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

    /**
     * How often a replay checkpoints: what a crash costs it, since a replay started again resumes from there. Each
     * checkpoint copies the whole state (every match's history) and changes made while it is written copy their
     * entries first: at 30,000 matches, every 10 s kept one of two cores busy with snapshots and cost a fifth of
     * the replay's time. A minute is lost at most.
     */
    public static final Duration REPLAY_CHECKPOINT_INTERVAL = Duration.ofSeconds(60);

    /** Any topic holding canonical events (the benchmark's) into {@code database}. */
    public static Backfill.Result run(Endpoints endpoints, Path stateDir, EngagementRiskJob.Options options,
            String topic, String database, int parallelism, PrintStream out) {
        return run(endpoints, stateDir, options, topic, database, parallelism, REPLAY_CHECKPOINT_INTERVAL, out);
    }

    /**
     * A replay checkpoints into a directory of its own (per database and topic). If an earlier replay of the
     * same into the same stopped before it finished (killed, the machine went down), this one resumes from its
     * newest completed checkpoint instead of starting over: the Kafka positions, the bounds of the replay and the
     * job's state are all in it, and the rows written after it are written again, which the tables absorb (they
     * are keyed). A finished replay removes its checkpoints.
     */
    public static Backfill.Result run(Endpoints endpoints, Path stateDir, EngagementRiskJob.Options options,
            String topic, String database, int parallelism, Duration checkpointInterval, PrintStream out) {
        ClickHouseTarget target = endpoints.pipelineTarget(database);
        Path checkpoints = stateDir.resolve("flink-checkpoints-replay").resolve(database + "--" + topic);
        Path resumeFrom = LocalFlink.latestCompletedCheckpoint(checkpoints);
        if (resumeFrom != null && !databaseExists(endpoints, database)) {
            // the rows written before the checkpoint are gone with the database: resuming would leave a hole
            out.printf("Starting the replay into %s over: the database of its unfinished run is gone%n", database);
            deleteCheckpoints(checkpoints);
            resumeFrom = null;
        }
        if (resumeFrom != null) {
            out.printf("Resuming the unfinished replay of %s into %s from %s%n", topic, database, resumeFrom);
        }
        StreamExecutionEnvironment env = LocalFlink.environment(parallelism, checkpoints, checkpointInterval,
                resumeFrom);
        // Flink takes a job's first checkpoint at a random moment within the first interval (to spread the
        // checkpoints of many jobs); a replay is one job, and its first checkpoint is due a whole interval after it
        // starts: a replay shorter than that writes none.
        env.getCheckpointConfig().setMinPauseBetweenCheckpoints(checkpointInterval.toMillis());
        try {
            Backfill.Result result = Backfill.run(endpoints.kafkaBootstrap(), topic,
                    logEnd(endpoints, topic, checkpoints, resumeFrom != null), target, options, env, out);
            deleteCheckpoints(checkpoints);
            return result;
        } catch (IllegalStateException e) {
            throw new StackException(e.getMessage(), e);
        }
    }

    /**
     * Where the replayed log ends: read at the first start and kept beside the checkpoints, so that a resumed
     * replay evaluates through the same day as it would have uninterrupted, even if the log has grown since.
     */
    private static LogEnd logEnd(Endpoints endpoints, String topic, Path checkpoints, boolean resuming) {
        Path file = checkpoints.resolve("log-end");
        try {
            if (resuming && Files.exists(file)) {
                return new LogEnd(Long.parseLong(Files.readString(file).strip()));
            }
            LogEnd end = LogEnd.of(endpoints.kafkaBootstrap(), topic);
            Files.createDirectories(checkpoints);
            Files.writeString(file, Long.toString(end.time()));
            return end;
        } catch (java.io.IOException | NumberFormatException e) {
            throw new StackException("cannot keep where the replayed log ends in " + file + ": " + e.getMessage(), e);
        }
    }

    private static void deleteCheckpoints(Path checkpoints) {
        try {
            Directories.deleteTree(checkpoints);
        } catch (java.io.IOException e) {
            throw new StackException("cannot remove the replay's checkpoints in " + checkpoints + ": "
                    + e.getMessage(), e);
        }
    }

    private static boolean databaseExists(Endpoints endpoints, String database) {
        try (Connection c = endpoints.openClickHouse();
                java.sql.PreparedStatement ps = c.prepareStatement("SELECT count() FROM system.databases WHERE name = ?")) {
            ps.setString(1, database);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        } catch (java.sql.SQLException e) {
            throw new StackException("cannot ask ClickHouse whether database " + database + " exists: "
                    + e.getMessage(), e);
        }
    }

    /**
     * A generated program through the engagement job into {@code database} (dropped first), from a throw-away
     * topic: what the benchmarks and the back-test compute their figures from, apart from the live tables.
     */
    public static LoadedProgram loadProgram(Endpoints endpoints, Path stateDir, EngagementRiskJob.Options options,
            Supplier<SyntheticProgram> generate, String database, PrintStream out) throws Exception {
        String topic = "mentorpulse.load." + database + "-" + System.currentTimeMillis();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
            try {
                SyntheticProgram generated = generate.get();
                int events = AnalyticsReplayBenchmark.write(endpoints.kafkaBootstrap(), topic, generated.events());
                // Once in the log, the events go: a million of them as JSON trees take more heap than the job's
                // state, which needs it next (they took a 30,000-match replay past the heap's limit).
                SyntheticProgram program = generated.withoutEvents();
                generated = null;
                out.printf("%,d events of %,d matches over %d days in %s; computing them into %s ...%n", events,
                        program.matches().size(), program.days(), topic, database);
                try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement()) {
                    dropDatabase(st, database);
                }
                Backfill.Result result = run(endpoints, stateDir, options, topic, database, 2,
                        new PrintStream(OutputStream.nullOutputStream()));
                out.printf("  computed in %.1f s: %,d events and %,d match days%n", result.seconds(), result.events(),
                        result.days());
                return new LoadedProgram(program, events);
            } finally {
                admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** A program loaded and computed: its description (without its events, which are in the log) and how many. */
    public record LoadedProgram(SyntheticProgram program, int events) {}

    /** Drops a replay database and the research database that goes with it. */
    public static void dropDatabase(Statement st, String database) throws java.sql.SQLException {
        st.execute("DROP DATABASE IF EXISTS " + database);
        st.execute("DROP DATABASE IF EXISTS " + SchemaMigrator.researchDatabase(database));
    }
}
