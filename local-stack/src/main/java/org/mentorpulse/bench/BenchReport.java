package org.mentorpulse.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.mentorpulse.analytics.clickhouse.MatchDailyTable;
import org.mentorpulse.analytics.job.EngagementRiskJob;
import org.mentorpulse.config.Settings;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.stack.LocalStack;
import org.mentorpulse.stack.StackState;

/**
 * {@code ./mentorpulse bench}: every benchmark in one run on the local stack, summed up as markdown. Each part
 * prints its rounds as it goes; the report holds each round and the medians, with the machine they ran on.
 */
public final class BenchReport {
    /** How large each part is. */
    public record Sizes(int ingestionEvents, int ingestionRounds, int replayMatches, int replayRounds,
            int dashboardMatches, int dashboardCopies, int consoleMatches, int alertMatches) {}

    private BenchReport() {}

    public static String run(LocalStack stack, Endpoints endpoints, Settings settings,
            EngagementRiskJob.Options options, Sizes sizes, PrintStream out) throws Exception {
        PeakMemory memory = new PeakMemory();
        Path stateDir = stack.stateDir();
        StringBuilder md = new StringBuilder();
        md.append("# MentorPulse benchmarks\n\n");
        md.append(String.format("Run by `./mentorpulse bench` on %s: %d cores, %,d MiB of memory, Java %s. The stack "
                + "(Kafka, ClickHouse, the mail catcher) and the benchmarks share the machine. Medians after "
                + "warm-up; ratios are taken within each round, on the same machine in the same run.%n%n",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(),
                totalMemoryMiB(), System.getProperty("java.version")));

        out.println("== 1/5 HTTP ingestion against a raw Kafka producer ==");
        IngestionBenchmark.Result ingestion = IngestionBenchmark.run(endpoints.kafkaBootstrap(), sizes.ingestionEvents(),
                500, 8, IngestionBenchmark.WARM_UP_ROUNDS, sizes.ingestionRounds(), out);
        memory.sample(StackState.read(stateDir));
        md.append("## Ingestion (target: at least 0.5 of the raw producer, warm)\n\n");
        md.append(String.format("%,d events per side and round, batches of 500, 8 HTTP clients; %d whole rounds of each "
                + "side before measuring, not counted.%n%n", ingestion.events(), ingestion.warmUpRounds()));
        md.append("| round | raw producer, events/s | HTTP ingestion, events/s | ratio |\n|---|---:|---:|---:|\n");
        rounds(md, ingestion.perRound());
        md.append(String.format("| **median** | **%,.0f** | **%,.0f** | **%.2f** |%n%n", ingestion.rawPerSecond(),
                ingestion.ingestionPerSecond(), ingestion.ratio()));

        out.println("== 2/5 The replay against its baselines ==");
        AnalyticsReplayBenchmark.Result replay = AnalyticsReplayBenchmark.run(endpoints, stateDir, options,
                sizes.replayMatches(), 90, 0, sizes.replayRounds(), 2, out);
        memory.sample(StackState.read(stateDir));
        md.append("## Replay (Kafka -> Flink -> ClickHouse), parallelism 2\n\n");
        md.append(String.format("%,d events of %,d matches over %d days (%.2f events per match and day); the job wrote "
                + "%,d day rows and %,d outcomes. (a) bare: read and count per match and day, writing nothing. (b) sink "
                + "ceiling: the same source and sinks writing as many rows of the same shape, computing nothing. (c) SQL "
                + "peer: ClickHouse computing the day rows' contact, meeting and message columns (%d of the job's %d) "
                + "from the raw events with one INSERT ... SELECT; landing the raw events is not counted.%n%n",
                replay.events(), replay.matches(), replay.days(), replay.density(), replay.matchDays(),
                replay.outcomes(), SqlPeer.COLUMNS.size(), new MatchDailyTable().columnNames().size()));
        md.append("| round | (a) bare, events/s | (b) sink ceiling, events/s | (c) SQL peer, events/s "
                + "| engagement job, events/s | job / (b) | job / (c) |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < replay.perRound().size(); i++) {
            double[] r = replay.perRound().get(i);
            md.append(String.format("| %d | %,.0f | %,.0f | %,.0f | %,.0f | %.2f | %.2f |%n", i + 1, r[0], r[1], r[3],
                    r[2], r[2] / r[1], r[2] / r[3]));
        }
        md.append(String.format("| **median** | **%,.0f** | **%,.0f** | **%,.0f** | **%,.0f** | **%.2f** | **%.2f** |%n%n",
                replay.barePerSecond(), replay.ceilingPerSecond(), replay.peerPerSecond(), replay.jobPerSecond(),
                replay.ofCeiling(), replay.ofPeer()));
        md.append(String.format("The job: %.1f µs per match-day and %.1f µs per event, wall clock on two cores "
                + "(targets: at least 0.7 of (b), faster than (c), at most 4 µs per match-day); %.2f of the bare job.%n%n",
                replay.usPerMatchDay(), replay.usPerEvent(), replay.ofBare()));
        SqlPeer.Agreement agreement = replay.peerAgreement();
        md.append(String.format("The SQL peer's rows against the job's, on the columns both compute: %,d against %,d, "
                + "%,d only the job's, %,d only the peer's (%s).%n%n", agreement.peerRows(), agreement.jobRows(),
                agreement.onlyJob(), agreement.onlyPeer(), agreement.agrees() ? "they agree" : "**they differ**"));
        agreement.examples().forEach(e -> md.append("- ").append(e).append('\n'));
        md.append('\n');

        // the dashboards' program is larger than the replay's (ten times by default): the peaks before it are the
        // stack's on the replay's program
        Map<String, Long> beforeDashboards = memory.peaksMiB();
        out.println("== 3/5 Dashboard panels ==");
        DashboardBenchmark.Result dashboards = DashboardBenchmark.run(endpoints, stateDir, options,
                sizes.dashboardMatches(), sizes.dashboardCopies(), 5, 30, out);
        memory.sample(StackState.read(stateDir));
        md.append(String.format("## Dashboard panels (target: p95 under 100 ms)%n%nEvery panel of every provisioned "
                + "dashboard on a program of %,d matches and %,d events, the program chosen, every cohort and level; 5 "
                + "queries to warm up, 30 measured, one at a time. %s%n%n", dashboards.matches(), dashboards.events(),
                dashboards.copies() <= 1 ? "" : String.format("The engagement job computed %,d of the matches; their "
                        + "rows were then copied %d times under other match, event and actor ids, in the same "
                        + "program and cohorts, and the roll-ups recomputed (a program this large does not fit the "
                        + "local job's heap; the panels read only the tables).", sizes.dashboardMatches(),
                        dashboards.copies() - 1)));
        md.append("| dashboard | panel | rows | p50 ms | p95 ms |\n|---|---|---:|---:|---:|\n");
        for (DashboardBenchmark.PanelTimes p : dashboards.panels()) {
            md.append(String.format("| %s | %s | %,d | %.1f | %.1f |%n", p.dashboard(), p.panel(), p.rows(), p.p50(),
                    p.p95()));
        }
        md.append('\n');

        out.println("== 4/5 Triage console pages ==");
        List<ConsoleBenchmark.PageTimes> pages = ConsoleBenchmark.run(endpoints, stateDir, options,
                sizes.consoleMatches(), 30, 100, false, out);
        memory.sample(StackState.read(stateDir));
        md.append(String.format("## Triage console (target: under 200 ms)%n%nA program of %,d matches; each page 30 "
                + "times to warm up, 100 measured, one request at a time.%n%n", sizes.consoleMatches()));
        md.append("| page | bytes | p50 ms | p95 ms | max ms |\n|---|---:|---:|---:|---:|\n");
        for (ConsoleBenchmark.PageTimes p : pages) {
            md.append(String.format("| %s | %,d | %.1f | %.1f | %.1f |%n", p.page(), p.bytes(), p.p50(), p.p95(),
                    p.max()));
        }
        md.append('\n');

        out.println("== 5/5 Alert latency (on a stack of its own) ==");
        PeakMemory alertStack = new PeakMemory();
        AlertLatencyBenchmark.Result alerts = AlertLatencyBenchmark.onOwnStack(settings, sizes.alertMatches(), 200, 5,
                out, s -> alertStack.sample(StackState.read(s.stateDir())));
        md.append(String.format("## Alert latency (target: p99 under 2 s)%n%n%,d matches live, 200 entering stalled "
                + "per round, medians of 5 rounds after %d warm-up rounds.%n%n", alerts.matches(),
                AlertLatencyBenchmark.WARM_UP_ROUNDS));
        md.append("| from the risk row to | p50 ms | p95 ms | p99 ms |\n|---|---:|---:|---:|\n");
        md.append(String.format("| the `raised` transition on its topic | %.0f | %.0f | %.0f |%n", alerts.raised()[0],
                alerts.raised()[1], alerts.raised()[2]));
        md.append(String.format("| the nudge mail accepted by the mail server | %.0f | %.0f | %.0f |%n%n",
                alerts.mailed()[0], alerts.mailed()[1], alerts.mailed()[2]));

        md.append("## Peak resident memory (target: the whole stack under 4 GB)\n\n");
        md.append(String.format("Before the dashboards' program: through ingestion and the replay of %,d events. "
                + "Overall: with the dashboards' program of %,d events too.%n%n", replay.events(), dashboards.events()));
        md.append("| process | peak MiB before the dashboards' program | peak MiB overall |\n|---|---:|---:|\n");
        long totalBefore = 0;
        long total = 0;
        for (Map.Entry<String, Long> p : memory.peaksMiB().entrySet()) {
            long before = beforeDashboards.getOrDefault(p.getKey(), 0L);
            md.append(String.format("| %s | %,d | %,d |%n", p.getKey(), before, p.getValue()));
            totalBefore += before;
            total += p.getValue();
        }
        md.append(String.format("| **sum of the peaks** | **%,d** | **%,d** |%n%n", totalBefore, total));
        md.append("The alert benchmark's own stack (broker and mail catcher, no ClickHouse load) peaked at: ");
        md.append(String.join(", ", alertStack.peaksMiB().entrySet().stream()
                .filter(e -> !e.getKey().startsWith("this process"))
                .map(e -> e.getKey() + " " + e.getValue() + " MiB").toList()));
        md.append(".\n");
        return md.toString();
    }

    private static void rounds(StringBuilder md, List<double[]> perRound) {
        for (int i = 0; i < perRound.size(); i++) {
            double[] r = perRound.get(i);
            md.append(String.format("| %d | %,.0f | %,.0f | %.2f |%n", i + 1, r[0], r[1], r[2]));
        }
    }

    private static long totalMemoryMiB() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize() / (1024 * 1024);
        }
        return -1;
    }
}
