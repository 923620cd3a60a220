package org.mentorpulse.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.mentorpulse.analytics.event.InteractionEvent;
import org.mentorpulse.analytics.job.EngagementRiskJob;
import org.mentorpulse.analytics.backfill.Backfill;
import org.mentorpulse.pipeline.LocalBackfill;
import org.mentorpulse.testkit.generator.SyntheticProgramGenerator;
import org.mentorpulse.ingestion.log.KafkaEventLog;
import org.mentorpulse.ingestion.validation.EventValidator;
import org.mentorpulse.stack.Endpoints;

/**
 * Replay throughput of the engagement job (Kafka -> Flink -> ClickHouse) against a bare Flink job on the same
 * topic, in one run: the bare job only reads the records with the same deserializer and watermarks and counts
 * them per match in daily event-time windows, writing nothing. Each round replays a generated program from a
 * throw-away topic, bounded, the engagement job into a fresh ClickHouse database of its own; rounds alternate
 * which job goes first. Times are Flink's net job run times (the MiniCluster's start is not counted). The
 * figure that matters is the ratio of the rates (target at least 0.5).
 */
public final class AnalyticsReplayBenchmark {

    public record Result(int events, int rounds, double barePerSecond, double jobPerSecond, double ratio,
            long rowsPerRound) {}

    private AnalyticsReplayBenchmark() {}

    public static Result run(Endpoints endpoints, Path stateDir, EngagementRiskJob.Options options, int matches,
            int days, int chatPerWeek, int rounds, int parallelism, PrintStream out) throws Exception {
        String run = Long.toString(System.currentTimeMillis());
        String topic = "mentorpulse.bench.events-" + run;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
            try {
                // the program is written to Kafka and then let go: the jobs read it from there
                int events = write(endpoints.kafkaBootstrap(), topic, new SyntheticProgramGenerator(
                        new SyntheticProgramGenerator.Options(4243, matches, days, LocalDate.of(2026, 3, 2), chatPerWeek))
                        .generate().events());
                out.printf("%,d events of %,d matches over %d days (%.2f events per match and day) in %s, %d rounds, "
                        + "parallelism %d%n", events, matches, days, events / (double) matches / days, topic, rounds,
                        parallelism);
                // warm-up (JIT, class loading, ClickHouse caches), measured by neither side
                bare(endpoints, topic, options, parallelism);
                engagement(endpoints, stateDir, topic, options, parallelism, "mentorpulse_bench_warmup", null);

                List<double[]> measured = new ArrayList<>();
                long rows = 0;
                for (int round = 1; round <= rounds; round++) {
                    String database = "mentorpulse_bench_" + round;
                    double bareSeconds;
                    double jobSeconds;
                    long[] written = new long[1];
                    if (round % 2 == 1) {
                        bareSeconds = bare(endpoints, topic, options, parallelism);
                        jobSeconds = engagement(endpoints, stateDir, topic, options, parallelism, database, written);
                    } else {
                        jobSeconds = engagement(endpoints, stateDir, topic, options, parallelism, database, written);
                        bareSeconds = bare(endpoints, topic, options, parallelism);
                    }
                    rows = written[0];
                    double bareRate = events / bareSeconds;
                    double jobRate = events / jobSeconds;
                    measured.add(new double[] {bareRate, jobRate, jobRate / bareRate});
                    out.printf("  round %d: bare read-and-count %,9.0f events/s (%.1f s)   engagement job %,9.0f "
                            + "events/s (%.1f s, %,d rows to ClickHouse)   ratio %.2f%n", round, bareRate, bareSeconds,
                            jobRate, jobSeconds, written[0], jobRate / bareRate);
                }
                Result result = new Result(events, rounds, Medians.of(measured, 0), Medians.of(measured, 1),
                        Medians.of(measured, 2), rows);
                out.printf("median: bare %,9.0f events/s   engagement job %,9.0f events/s   ratio %.2f "
                        + "(target >= 0.5)%n", result.barePerSecond(), result.jobPerSecond(), result.ratio());
                return result;
            } finally {
                admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The program as the deduplicator would have written it to the canonical log. */
    public static int write(String bootstrap, String topic, List<ObjectNode> json) {
        EventValidator validator = new EventValidator();
        Instant received = Instant.now();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaEventLog.producerConfig(bootstrap),
                new StringSerializer(), new ByteArraySerializer())) {
            for (ObjectNode e : json) {
                producer.send(KafkaEventLog.record(topic, validator.validate(e, received).event()));
            }
            producer.flush();
        }
        return json.size();
    }

    /** Reads the topic and counts events per match and day; seconds of net run time. */
    private static double bare(Endpoints endpoints, String topic, EngagementRiskJob.Options options,
            int parallelism) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism);
        env.fromSource(EngagementRiskJob.boundedReplaySource(endpoints.kafkaBootstrap(), topic,
                options.outOfOrderness()),
                        EngagementRiskJob.watermarks(options.forReplay()), "events")
                .filter(e -> e.matchId != null)
                .keyBy(e -> e.matchId)
                .window(TumblingEventTimeWindows.of(Duration.ofDays(1)))
                .aggregate(new Count())
                .sinkTo(new DiscardingSink<>());
        return env.execute("bench-bare-count").getNetRuntime(TimeUnit.MILLISECONDS) / 1000.0;
    }

    /** Counts the elements of a window. */
    static final class Count implements AggregateFunction<InteractionEvent, Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long createAccumulator() {
            return 0L;
        }

        @Override
        public Long add(InteractionEvent value, Long accumulator) {
            return accumulator + 1;
        }

        @Override
        public Long getResult(Long accumulator) {
            return accumulator;
        }

        @Override
        public Long merge(Long a, Long b) {
            return a + b;
        }
    }

    /** The engagement job, bounded, into a fresh database; seconds of net run time, rows written into {@code rows}. */
    private static double engagement(Endpoints endpoints, Path stateDir, String topic,
            EngagementRiskJob.Options options, int parallelism, String database, long[] rows) throws Exception {
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement()) {
            LocalBackfill.dropDatabase(st, database);
        }
        Backfill.Result result = LocalBackfill.run(endpoints, stateDir, options, topic, database, parallelism,
                new PrintStream(OutputStream.nullOutputStream()));
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement()) {
            if (rows != null) {
                rows[0] = count(st, "SELECT (SELECT count() FROM " + database + ".events) + (SELECT count() FROM "
                        + database + ".match_daily)");
            }
            LocalBackfill.dropDatabase(st, database);
        }
        return result.seconds();
    }

    /** The single number a query answers. */
    static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
