package org.mentorpulse.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.mentorpulse.analytics.backfill.Backfill;
import org.mentorpulse.analytics.job.EngagementRiskJob;
import org.mentorpulse.pipeline.LocalBackfill;
import org.mentorpulse.schema.Topics;
import org.mentorpulse.stack.Directories;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.stack.flink.StandaloneFlinkCluster;
import org.mentorpulse.stack.kafka.KafkaBroker;
import org.mentorpulse.testkit.generator.SyntheticProgramGenerator;

/**
 * The replay at several parallelisms on a standalone Flink cluster (a JobManager and two TaskManagers, each a
 * process) reading from three Kafka brokers on loopback, into the local stack's ClickHouse. Each run submits the
 * job jar as {@code flink run} would (a remote environment: the job graph is built here, the jar shipped to the
 * cluster, the time is the cluster's net run time). A warm-up run first, then the parallelisms in turn, each round
 * starting with another; medians per parallelism.
 *
 * <p>What it shows on one machine: whether the job spreads over task slots and brokers at all, and what it costs
 * to do so. It cannot show scaling beyond the machine's cores: at parallelism 4 on two cores, four task threads,
 * three brokers and ClickHouse share two cores.
 */
public final class ScaleOutBenchmark {
    private static final int BROKERS = 3;
    private static final int TASK_MANAGERS = 2;
    private static final int SLOTS_PER_TASK_MANAGER = 2;
    /** divisible by 1, 2, 3 and 4: every parallelism gets as many partitions per task */
    private static final int PARTITIONS = 12;

    /** @param perSecond events per second, median over the rounds, by parallelism */
    public record Result(int events, int matches, int days, Map<Integer, Double> perSecond,
            Map<Integer, List<Double>> rounds) {

        /** The report {@code bench-scale-out} writes: the setting, the table, and what it can and cannot show. */
        public String markdown() {
            StringBuilder md = new StringBuilder("# MentorPulse scale-out\n\n");
            md.append(String.format("Run by `./mentorpulse bench-scale-out` on %s: %d cores, Java %s. %,d events "
                    + "(%,d matches over %d days) in %d partitions over %d KRaft brokers on loopback; a standalone "
                    + "Flink cluster of a JobManager and %d TaskManagers of %d slots, each a process; ClickHouse of the "
                    + "local stack. Every process shares the machine. Net run times of the bounded replay as Flink "
                    + "reports them, a warm-up run first, medians of the rounds.%n%n",
                    java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), events, matches,
                    days, PARTITIONS, BROKERS, TASK_MANAGERS, SLOTS_PER_TASK_MANAGER));
            md.append(table());
            md.append("\nOn a machine of two cores this cannot show scaling: three brokers, the cluster's processes "
                    + "and ClickHouse share the two cores whatever the parallelism, and a higher parallelism adds the "
                    + "shuffle of every event between subtasks. What it shows is that the job runs spread over slots, "
                    + "TaskManagers and brokers with the same rows (each run's row counts are printed). See the "
                    + "README's \"Scale-out\" for how the figures extrapolate to a cluster.\n");
            return md.toString();
        }

        String table() {
            double one = perSecond.getOrDefault(1, Double.NaN);
            StringBuilder t = new StringBuilder("| parallelism | events/s (median) | rounds | against parallelism 1 |\n"
                    + "|---:|---:|---|---:|\n");
            perSecond.forEach((p, median) -> t.append(String.format("| %d | %,.0f | %s | %.2f |%n", p, median,
                    String.join(", ", rounds.get(p).stream().map(v -> String.format("%,.0f", v)).toList()),
                    median / one)));
            return t.toString();
        }
    }

    private ScaleOutBenchmark() {}

    public static Result run(Endpoints endpoints, Path stateDir, Path analyticsJobsTarget,
            EngagementRiskJob.Options options, int matches, int days, List<Integer> parallelisms, int rounds,
            PrintStream out) throws Exception {
        int slots = TASK_MANAGERS * SLOTS_PER_TASK_MANAGER;
        for (int p : parallelisms) {
            if (p < 1 || p > slots) {
                throw new IllegalArgumentException("parallelism " + p + ": the cluster has " + slots + " slots");
            }
        }
        Path jobJar = StandaloneFlinkCluster.jobJar(analyticsJobsTarget);
        Path dir = stateDir.resolve("bench-scale-out");
        Directories.deleteTree(dir);
        out.printf("Starting %d Kafka brokers and a Flink cluster (a JobManager, %d TaskManagers of %d slots) in %s%n",
                BROKERS, TASK_MANAGERS, SLOTS_PER_TASK_MANAGER, dir);
        try (KafkaBroker.Cluster kafka = KafkaBroker.startCluster(dir.resolve("kafka"), BROKERS, PARTITIONS,
                Duration.ofMinutes(2));
                StandaloneFlinkCluster flink = StandaloneFlinkCluster.start(dir.resolve("flink"), analyticsJobsTarget,
                        TASK_MANAGERS, SLOTS_PER_TASK_MANAGER, 1024, Duration.ofMinutes(2))) {
            KafkaBroker.createTopics(kafka.bootstrap(), PARTITIONS);
            List<ObjectNode> program = new SyntheticProgramGenerator(new SyntheticProgramGenerator.Options(4243,
                    matches, days, LocalDate.of(2026, 3, 2), 0)).generate().events();
            int events = AnalyticsReplayBenchmark.write(kafka.bootstrap(), Topics.EVENTS, program);
            program = null; // let the JSON trees go before the jobs run
            out.printf("%,d events of %,d matches over %d days in %s (%d partitions over %d brokers)%n", events,
                    matches, days, Topics.EVENTS, PARTITIONS, BROKERS);

            replay(endpoints, kafka.bootstrap(), flink, jobJar, options, parallelisms.get(0), "warmup", out);
            Map<Integer, List<Double>> measured = new LinkedHashMap<>();
            parallelisms.forEach(p -> measured.put(p, new ArrayList<>()));
            for (int round = 1; round <= rounds; round++) {
                for (int i = 0; i < parallelisms.size(); i++) {
                    int p = parallelisms.get((round - 1 + i) % parallelisms.size());
                    double seconds = replay(endpoints, kafka.bootstrap(), flink, jobJar, options, p, "r" + round, out);
                    measured.get(p).add(events / seconds);
                    out.printf("  round %d, parallelism %d: %,.0f events/s (%.1f s)%n", round, p, events / seconds,
                            seconds);
                }
            }
            Map<Integer, Double> medians = new LinkedHashMap<>();
            measured.forEach((p, values) -> medians.put(p, Medians.median(values)));
            Result result = new Result(events, matches, days, medians, measured);
            out.println();
            out.print(result.table());
            return result;
        } finally {
            Directories.deleteTree(dir);
        }
    }

    /** One replay on the cluster into a database of its own, dropped afterwards; seconds of net run time. */
    private static double replay(Endpoints endpoints, String bootstrap, StandaloneFlinkCluster flink, Path jobJar,
            EngagementRiskJob.Options options, int parallelism, String label, PrintStream out) throws Exception {
        String database = "mentorpulse_bench_scale_p" + parallelism + "_" + label;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createRemoteEnvironment("127.0.0.1",
                flink.restPort(), jobJar.toString());
        env.setParallelism(parallelism);
        try {
            Backfill.Result r = Backfill.run(bootstrap, Topics.EVENTS, endpoints.pipelineTarget(database), options,
                    env, out);
            return r.seconds();
        } finally {
            try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement()) {
                LocalBackfill.dropDatabase(st, database);
            }
        }
    }
}
