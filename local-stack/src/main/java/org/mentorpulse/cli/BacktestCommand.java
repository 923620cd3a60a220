package org.mentorpulse.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mentorpulse.analytics.config.AnalyticsSettings;
import org.mentorpulse.analytics.job.EngagementRiskJob;
import org.mentorpulse.backtest.BacktestRun;
import org.mentorpulse.research.Backtest;
import org.mentorpulse.testkit.generator.SyntheticProgram;
import org.mentorpulse.warehouse.SchemaMigrator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "backtest", description = "How well the daily risk score foresaw early closures (AUC with a 95%% "
        + "interval, calibration by decile, lead time, precision and recall per level), and factor weights fitted "
        + "from the outcomes as a proposal; on a program's history, or on a generated program with planted "
        + "closures (starts the stack if needed).")
final class BacktestCommand implements Callable<Integer> {
    @ParentCommand MentorPulseCli parent;

    @Option(names = "--program", description = "a program whose history is in the live tables")
    String program;

    @Option(names = "--generate", paramLabel = "MATCHES", defaultValue = "0",
            description = "back-test a generated program of this many matches instead")
    int generate;

    @Option(names = "--days", defaultValue = "150", description = "the generated program's length (default: 150)")
    int days;

    @Option(names = "--noise", defaultValue = "0.15",
            description = "share of engaged matches the generator closes early at random (default: 0.15)")
    double noise;

    @Option(names = "--seed", defaultValue = "7", description = "the generator's seed (default: 7)")
    long seed;

    @Option(names = "--horizon", defaultValue = "30",
            description = "a day counts as positive if its match closed early within this many days (default: 30)")
    int horizon;

    @Option(names = "--out", defaultValue = "backtest.md", description = "the report (and a .json beside it)")
    Path out;

    @Override
    public Integer call() throws Exception {
        if ((program == null) == (generate <= 0)) {
            System.err.println("mentorpulse backtest: give --program ID or --generate MATCHES");
            return 2;
        }
        MentorPulseCli.Running running = parent.stackUp();
        EngagementRiskJob.Options options = EngagementRiskJob.Options.from(AnalyticsSettings.from(running.settings()));
        Backtest.Options backtest = new Backtest.Options(horizon, 200, 5, seed);
        Backtest.Report report;
        String programId;
        String title;
        if (generate > 0) {
            SyntheticProgram generated = BacktestRun.generate(seed, generate, days, noise);
            programId = generated.programId();
            title = String.format("Back-test on a generated program: %d matches, %d days, noise %.2f, seed %d",
                    generate, days, noise, seed);
            report = BacktestRun.onGenerated(running.endpoints(), running.stack().stateDir(), options, generated,
                    backtest, System.out);
        } else {
            programId = program;
            title = "Back-test of program " + program;
            report = BacktestRun.onDatabase(running.endpoints(), SchemaMigrator.MAIN_DATABASE, program, options,
                    backtest, System.out);
        }
        System.out.println();
        System.out.println(BacktestRun.write(title, report, options, programId, out));
        System.out.println("Written to " + out.toAbsolutePath() + " (and .json)");
        return 0;
    }
}
