package org.mentorpulse.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import org.mentorpulse.analytics.config.AnalyticsSettings;
import org.mentorpulse.analytics.job.EngagementRiskJob;
import org.mentorpulse.bench.BenchReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "bench", description = "Run every benchmark of the pipeline in one go on the local stack: HTTP "
        + "ingestion against a raw producer, the replay against its baselines, dashboard panels and console pages "
        + "on large programs, alert latency (on a stack of its own), and the peak memory of every process. Prints "
        + "a markdown report and writes it to benchmarks/RESULTS.md. Takes about a quarter of an hour on two cores.")
final class BenchAllCommand implements Callable<Integer> {
    @ParentCommand MentorPulseCli parent;

    @Option(names = "--ingestion-events", defaultValue = "100000", description = "events per side and round "
            + "(default: ${DEFAULT-VALUE})")
    int ingestionEvents;

    @Option(names = "--ingestion-rounds", defaultValue = "7", description = "(default: ${DEFAULT-VALUE})")
    int ingestionRounds;

    @Option(names = "--replay-matches", defaultValue = "30000", description = "matches of the replayed program, "
            + "about 37 events each (default: ${DEFAULT-VALUE}, over a million events)")
    int replayMatches;

    @Option(names = "--replay-rounds", defaultValue = "3", description = "(default: ${DEFAULT-VALUE})")
    int replayRounds;

    @Option(names = "--dashboard-matches", defaultValue = "30000", description = "matches of the program the "
            + "dashboard panels are timed on (default: ${DEFAULT-VALUE})")
    int dashboardMatches;

    @Option(names = "--dashboard-copies", defaultValue = "10", description = "how many times the dashboards' "
            + "program is copied in its database, under other ids (default: ${DEFAULT-VALUE}: about 10 million "
            + "events)")
    int dashboardCopies;

    @Option(names = "--console-matches", defaultValue = "10000", description = "(default: ${DEFAULT-VALUE})")
    int consoleMatches;

    @Option(names = "--alert-matches", defaultValue = "10000", description = "(default: ${DEFAULT-VALUE})")
    int alertMatches;

    @Option(names = "--out", defaultValue = "benchmarks/RESULTS.md", description = "where the report goes "
            + "(default: ${DEFAULT-VALUE})")
    Path report;

    @Override
    public Integer call() throws Exception {
        MentorPulseCli.Running running = parent.stackUp();
        BenchReport.Sizes sizes = new BenchReport.Sizes(ingestionEvents, ingestionRounds, replayMatches,
                replayRounds, dashboardMatches, dashboardCopies, consoleMatches, alertMatches);
        Instant started = Instant.now();
        String markdown = BenchReport.run(running.stack(), running.endpoints(), parent.settings(),
                EngagementRiskJob.Options.from(AnalyticsSettings.from(running.settings())), sizes, System.out);
        System.out.println();
        System.out.println(markdown);
        if (report.getParent() != null) {
            Files.createDirectories(report.getParent());
        }
        Files.writeString(report, markdown);
        System.out.printf("Written to %s (%d min)%n", report,
                started.until(Instant.now(), ChronoUnit.MINUTES));
        return 0;
    }
}
