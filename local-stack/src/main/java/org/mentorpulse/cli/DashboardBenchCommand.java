package org.mentorpulse.cli;

import java.util.concurrent.Callable;
import org.mentorpulse.analytics.config.AnalyticsSettings;
import org.mentorpulse.analytics.job.EngagementRiskJob;
import org.mentorpulse.bench.DashboardBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "bench-dashboards", description = "Time every provisioned dashboard panel's query on a large "
        + "program (starts the stack if needed; computes the program into a throw-away database).")
final class DashboardBenchCommand implements Callable<Integer> {
    @ParentCommand MentorPulseCli parent;
    @Spec CommandSpec spec;

    @Option(names = "--matches", defaultValue = "30000", description = "matches the engagement job computes "
            + "(default: ${DEFAULT-VALUE})")
    int matches;

    @Option(names = "--copies", defaultValue = "10", description = "how many times the computed program is copied "
            + "in its database, under other ids (default: ${DEFAULT-VALUE}: about 10 million events)")
    int copies;

    @Option(names = "--warm-up", defaultValue = "5", description = "queries per panel before measuring "
            + "(default: ${DEFAULT-VALUE})")
    int warmUps;

    @Option(names = "--requests", defaultValue = "30", description = "measured queries per panel "
            + "(default: ${DEFAULT-VALUE})")
    int requests;

    @Override
    public Integer call() throws Exception {
        ProgramFlags.atLeast(spec, "--matches", matches, 1);
        ProgramFlags.atLeast(spec, "--copies", copies, 1);
        ProgramFlags.atLeast(spec, "--warm-up", warmUps, 0);
        ProgramFlags.atLeast(spec, "--requests", requests, 1);
        MentorPulseCli.Running running = parent.stackUp();
        DashboardBenchmark.run(running.endpoints(), running.stack().stateDir(),
                EngagementRiskJob.Options.from(AnalyticsSettings.from(running.settings())),
                matches, copies, warmUps, requests, System.out);
        return 0;
    }
}
