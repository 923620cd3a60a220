package org.mentorpulse.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mentorpulse.analytics.config.AnalyticsSettings;
import org.mentorpulse.analytics.job.EngagementRiskJob;
import org.mentorpulse.bench.ScaleOutBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "bench-scale-out", description = "Measure the replay at several parallelisms on a standalone Flink "
        + "cluster (a JobManager and two TaskManagers, separate processes) reading from three Kafka brokers on "
        + "loopback, into the stack's ClickHouse (starts the stack if needed; the brokers and the cluster are "
        + "removed afterwards). Needs the job jar: run from the repository after a build.")
final class ScaleOutBenchCommand implements Callable<Integer> {
    @ParentCommand MentorPulseCli parent;
    @Spec CommandSpec spec;

    @Option(names = "--matches", defaultValue = "30000", description = "matches of the generated program "
            + "(about 33 events each over 90 days; default: ${DEFAULT-VALUE}, about a million events)")
    int matches;

    @Option(names = "--days", defaultValue = "90", description = "program length in days (default: ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--parallelism", split = ",", defaultValue = "1,2,4", description = "parallelisms to measure, "
            + "at most 4 (the cluster's slots) (default: ${DEFAULT-VALUE})")
    List<Integer> parallelisms;

    @Option(names = "--rounds", defaultValue = "2", description = "measured rounds after a warm-up; medians are "
            + "reported (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--analytics-target", defaultValue = "analytics-jobs/target", description = "where the "
            + "analytics-jobs build put the job jar and the cluster's class path (default: ${DEFAULT-VALUE})")
    Path analyticsTarget;

    @Option(names = "--out", defaultValue = "benchmarks/SCALE-OUT.md", description = "where the report goes "
            + "(default: ${DEFAULT-VALUE})")
    Path report;

    @Override
    public Integer call() throws Exception {
        ProgramFlags.check(spec, matches, days, 0);
        ProgramFlags.atLeast(spec, "--rounds", rounds, 1);
        MentorPulseCli.Running running = parent.stackUp();
        ScaleOutBenchmark.Result result = ScaleOutBenchmark.run(running.endpoints(), running.stack().stateDir(), analyticsTarget,
                EngagementRiskJob.Options.from(AnalyticsSettings.from(running.settings())), matches, days,
                parallelisms, rounds, System.out);
        java.nio.file.Files.writeString(report, result.markdown());
        System.out.println("Written to " + report);
        return 0;
    }
}
