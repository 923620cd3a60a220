package org.mentorpulse.cli;

import java.util.concurrent.Callable;
import org.mentorpulse.analytics.config.AnalyticsSettings;
import org.mentorpulse.analytics.job.EngagementRiskJob;
import org.mentorpulse.bench.ConsoleBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "bench-console", description = "Measure the triage console's pages with a large program loaded "
        + "(starts the stack if needed; computes the program into a throw-away database).")
final class ConsoleBenchCommand implements Callable<Integer> {
    @ParentCommand MentorPulseCli parent;
    @Spec CommandSpec spec;

    @Option(names = "--matches", defaultValue = "10000", description = "matches of the generated program "
            + "(default: ${DEFAULT-VALUE})")
    int matches;

    @Option(names = "--warm-up", defaultValue = "30", description = "requests per page before measuring "
            + "(default: ${DEFAULT-VALUE})")
    int warmUps;

    @Option(names = "--requests", defaultValue = "100", description = "measured requests per page "
            + "(default: ${DEFAULT-VALUE})")
    int requests;

    @Option(names = "--keep", description = "keep the database the program was computed into, to look at it")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        ProgramFlags.atLeast(spec, "--matches", matches, 1);
        ProgramFlags.atLeast(spec, "--warm-up", warmUps, 0);
        ProgramFlags.atLeast(spec, "--requests", requests, 1);
        MentorPulseCli.Running running = parent.stackUp();
        ConsoleBenchmark.run(running.endpoints(), running.stack().stateDir(),
                EngagementRiskJob.Options.from(AnalyticsSettings.from(running.settings())), matches, warmUps,
                requests, keep, System.out);
        return 0;
    }
}
