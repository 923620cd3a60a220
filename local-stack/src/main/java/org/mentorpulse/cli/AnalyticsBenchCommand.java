package org.mentorpulse.cli;

import org.mentorpulse.analytics.config.AnalyticsSettings;
import java.util.concurrent.Callable;
import org.mentorpulse.analytics.job.EngagementRiskJob;
import org.mentorpulse.bench.AnalyticsReplayBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "bench-analytics", description = "Measure the engagement job's replay (Kafka -> Flink -> ClickHouse) "
        + "against a bare Flink job that reads the same topic and counts per match and day (starts the stack if "
        + "needed; writes to a throw-away topic and databases).")
final class AnalyticsBenchCommand implements Callable<Integer> {
    @ParentCommand MentorPulseCli parent;
    @Spec CommandSpec spec;

    @Option(names = "--matches", defaultValue = "5000", description = "matches of the generated program "
            + "(about 33 events each over 90 days; default: ${DEFAULT-VALUE})")
    int matches;

    @Option(names = "--days", defaultValue = "90", description = "program length in days (default: ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--chat-per-week", defaultValue = "0", description = "extra chat messages a week between "
            + "engaged pairs: the job's cost grows with match days, the bare job's with events, so the ratio "
            + "depends on how many events a match has a day (default: ${DEFAULT-VALUE})")
    int chatPerWeek;

    @Option(names = "--rounds", defaultValue = "3", description = "measured rounds; medians are reported (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--parallelism", defaultValue = "2", description = "Flink parallelism of both jobs (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Override
    public Integer call() throws Exception {
        ProgramFlags.check(spec, matches, days, chatPerWeek);
        ProgramFlags.atLeast(spec, "--rounds", rounds, 1);
        ProgramFlags.atLeast(spec, "--parallelism", parallelism, 1);
        MentorPulseCli.Running running = parent.stackUp();
        AnalyticsReplayBenchmark.run(running.endpoints(), running.stack().stateDir(),
                EngagementRiskJob.Options.from(AnalyticsSettings.from(running.settings())), matches, days, chatPerWeek, rounds,
                parallelism, System.out);
        return 0;
    }
}
