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
import org.mentorpulse.analytics.event.InteractionEvent;
import org.mentorpulse.analytics.event.LogEnd;
import org.mentorpulse.analytics.job.EngagementRiskJob;
import org.mentorpulse.analytics.backfill.Backfill;
import org.mentorpulse.pipeline.LocalBackfill;
import org.mentorpulse.testkit.generator.SyntheticProgramGenerator;
import org.mentorpulse.ingestion.validation.EventValidator;
import org.mentorpulse.schema.MentorPulseEvent;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.warehouse.SchemaMigrator;

/**
 * Replay throughput of the engagement job (Kafka -> Flink -> ClickHouse), with two baselines measured in the same
 * run on the same topic:
 * <ul>
 *   <li>(a) bare: a Flink job that reads the records with the same deserializer and watermarks and counts them per
 *       match in daily event-time windows, writing nothing (for information: it does far less);
 *   <li>(b) sink ceiling ({@link SinkCeiling}): the same source and the same sinks writing as many rows as the job
 *       wrote, of the same shape, computed from nothing. The target is the job at 0.7 of it or better.
 *   <li>(c) SQL peer ({@link SqlPeer}): the day rows' contact, meeting and message columns computed by ClickHouse
 *       from the raw events with one {@code INSERT ... SELECT}; the target is the job faster than it. Its rows are
 *       compared with the job's on the columns both compute.
 * </ul>
 * Each round replays a generated program from a throw-away topic, bounded, into fresh databases; the four rotate
 * which goes first. Times are Flink's net job run times (the MiniCluster's start is not counted) and the SQL
 * statement's own time (landing the raw events in ClickHouse is not counted); a warm-up round of each is not
 * counted either.
 */
public final class AnalyticsReplayBenchmark {

    /**
     * Medians over the rounds, and each round's {bare, ceiling, job, SQL peer} rates in events per second.
     * {@code matchDays} and {@code outcomes} are the rows the job leaves in its tables; {@code usPerMatchDay} is
     * the job's run time per day row, wall clock, at the benchmark's parallelism; {@code peerAgreement} compares the
     * SQL peer's rows with the job's.
     */
    public record Result(int events, int matches, int days, long matchDays, long outcomes, int rounds,
            double barePerSecond, double ceilingPerSecond, double jobPerSecond, double peerPerSecond,
            SqlPeer.Agreement peerAgreement, List<double[]> perRound) {
        public double density() {
            return events / (double) matches / days;
        }

        public double usPerMatchDay() {
            return events / jobPerSecond / matchDays * 1e6;
        }

        public double usPerEvent() {
            return 1e6 / jobPerSecond;
        }

        public double ofCeiling() {
            return jobPerSecond / ceilingPerSecond;
        }

        public double ofBare() {
            return jobPerSecond / barePerSecond;
        }

        public double ofPeer() {
            return jobPerSecond / peerPerSecond;
        }
    }

    private AnalyticsReplayBenchmark() {}

    public static Result run(Endpoints endpoints, Path stateDir, EngagementRiskJob.Options options, int matches,
            int days, int chatPerWeek, int rounds, int parallelism, PrintStream out) throws Exception {
        String run = Long.toString(System.currentTimeMillis());
        String topic = "mentorpulse.bench.events-" + run;
        String peerDatabase = "mentorpulse_bench_peer";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
            try {
                // the program is written to Kafka and then let go: the jobs read it from there
                List<ObjectNode> program = new SyntheticProgramGenerator(new SyntheticProgramGenerator.Options(4243,
                        matches, days, LocalDate.of(2026, 3, 2), chatPerWeek)).generate().events();
                int events = write(endpoints.kafkaBootstrap(), topic, program);
                // the SQL peer computes from the raw events in ClickHouse, up to where the replay's log ends
                dropDatabase(endpoints, peerDatabase);
                SqlPeer.load(endpoints, peerDatabase, program);
                program = null; // a million events: let them go before the jobs run
                Instant through = Instant.ofEpochMilli(LogEnd.of(endpoints.kafkaBootstrap(), topic)
                        .watermark(options.outOfOrderness()));
                out.printf("%,d events of %,d matches over %d days (%.2f events per match and day) in %s, %d rounds, "
                        + "parallelism %d%n", events, matches, days, events / (double) matches / days, topic, rounds,
                        parallelism);
                // warm-up (JIT, class loading, ClickHouse caches), measured by none; it also counts the job's rows,
                // which the sink ceiling then writes as many of, and compares them with the SQL peer's
                long[] rows = new long[2];
                String warmup = "mentorpulse_bench_warmup";
                engagement(endpoints, stateDir, topic, options, parallelism, warmup, rows);
                SqlPeer.run(endpoints, peerDatabase, through);
                SqlPeer.Agreement agreement;
                try (Connection c = endpoints.openClickHouse()) {
                    agreement = SqlPeer.compare(c, warmup, peerDatabase);
                }
                out.printf("SQL peer against the job, on the %d columns both compute: %,d rows against %,d, %,d only "
                        + "the job's, %,d only the peer's%n", SqlPeer.COLUMNS.size(), agreement.peerRows(),
                        agreement.jobRows(), agreement.onlyJob(), agreement.onlyPeer());
                agreement.examples().forEach(e -> out.println("  " + e));
                dropDatabase(endpoints, warmup);
                bare(endpoints, topic, options, parallelism);
                ceiling(endpoints, stateDir, topic, options, parallelism, warmup, events, rows);

                List<double[]> measured = new ArrayList<>();
                for (int round = 1; round <= rounds; round++) {
                    String database = "mentorpulse_bench_" + round;
                    double[] seconds = new double[4];
                    for (int i = 0; i < 4; i++) {
                        int which = (round + i) % 4; // each round starts with another of the four
                        seconds[which] = switch (which) {
                            case 0 -> bare(endpoints, topic, options, parallelism);
                            case 1 -> ceiling(endpoints, stateDir, topic, options, parallelism, database, events, rows);
                            case 2 -> engagement(endpoints, stateDir, topic, options, parallelism, database, null);
                            default -> SqlPeer.run(endpoints, peerDatabase, through);
                        };
                    }
                    measured.add(new double[] {events / seconds[0], events / seconds[1], events / seconds[2],
                            events / seconds[3]});
                    out.printf("  round %d: bare %,9.0f events/s (%.1f s)   sink ceiling %,9.0f events/s (%.1f s)   "
                            + "engagement job %,9.0f events/s (%.1f s)   SQL peer %,9.0f events/s (%.1f s)   "
                            + "job/ceiling %.2f   job/peer %.2f%n", round, events / seconds[0], seconds[0],
                            events / seconds[1], seconds[1], events / seconds[2], seconds[2], events / seconds[3],
                            seconds[3], seconds[1] / seconds[2], seconds[3] / seconds[2]);
                }
                Result result = new Result(events, matches, days, rows[0], rows[1], rounds, Medians.of(measured, 0),
                        Medians.of(measured, 1), Medians.of(measured, 2), Medians.of(measured, 3), agreement,
                        List.copyOf(measured));
                out.printf("median: bare %,9.0f events/s   sink ceiling %,9.0f events/s   engagement job %,9.0f "
                        + "events/s   SQL peer %,9.0f events/s%n  %,d day rows and %,d outcomes written: %.1f µs per "
                        + "match-day, %.1f µs per event; job/ceiling %.2f (target >= 0.7), job/peer %.2f (target > 1), "
                        + "job/bare %.2f%n", result.barePerSecond(), result.ceilingPerSecond(), result.jobPerSecond(),
                        result.peerPerSecond(), result.matchDays(), result.outcomes(), result.usPerMatchDay(),
                        result.usPerEvent(), result.ofCeiling(), result.ofPeer(), result.ofBare());
                return result;
            } finally {
                admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                dropDatabase(endpoints, peerDatabase);
            }
        }
    }

    /**
     * The program as the deduplicator would have written it to the canonical log; every record written once, or
     * this fails ({@link LogLoader}).
     */
    public static int write(String bootstrap, String topic, List<ObjectNode> json) {
        EventValidator validator = new EventValidator();
        Instant received = Instant.now();
        // validated as they are sent: a million validated events held at once would double the loader's memory
        List<MentorPulseEvent> events = new java.util.AbstractList<>() {
            @Override
            public MentorPulseEvent get(int index) {
                return validator.validate(json.get(index), received).event();
            }

            @Override
            public int size() {
                return json.size();
            }
        };
        new LogLoader(bootstrap).load(topic, events);
        return json.size();
    }

    /** Reads the topic and counts events per match and day; seconds of net run time. */
    private static double bare(Endpoints endpoints, String topic, EngagementRiskJob.Options options,
            int parallelism) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism);
        env.fromSource(EngagementRiskJob.boundedReplaySource(endpoints.kafkaBootstrap(), topic),
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

    /**
     * The engagement job, bounded, into a fresh database; seconds of net run time. With {@code rows}, the day rows
     * and outcomes it left go there, and the database is kept for the caller to read (and drop).
     */
    private static double engagement(Endpoints endpoints, Path stateDir, String topic,
            EngagementRiskJob.Options options, int parallelism, String database, long[] rows) throws Exception {
        dropDatabase(endpoints, database);
        Backfill.Result result = LocalBackfill.run(endpoints, stateDir, options, topic, database, parallelism,
                new PrintStream(OutputStream.nullOutputStream()));
        if (rows != null) {
            try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement()) {
                rows[0] = result.days();
                rows[1] = count(st, "SELECT count() FROM " + SchemaMigrator.researchDatabase(database)
                        + ".match_outcomes FINAL");
            }
        } else {
            dropDatabase(endpoints, database);
        }
        return result.seconds();
    }

    /** Baseline (b) into a fresh database; seconds of net run time. */
    private static double ceiling(Endpoints endpoints, Path stateDir, String topic, EngagementRiskJob.Options options,
            int parallelism, String database, int events, long[] rows) throws Exception {
        dropDatabase(endpoints, database);
        double seconds = SinkCeiling.run(endpoints, stateDir, topic, options, parallelism, database, events, rows[0],
                rows[1]);
        dropDatabase(endpoints, database);
        return seconds;
    }

    private static void dropDatabase(Endpoints endpoints, String database) throws SQLException {
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement()) {
            LocalBackfill.dropDatabase(st, database);
        }
    }

    /** The single number a query answers. */
    static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
