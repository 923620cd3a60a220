package org.mentorpulse.cli;

import org.mentorpulse.analytics.config.AnalyticsSettings;
import java.util.concurrent.Callable;
import org.mentorpulse.analytics.job.EngagementRiskJob;
import org.mentorpulse.pipeline.LocalBackfill;
import org.mentorpulse.warehouse.SchemaMigrator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "replay", description = "Run the analytics job over the whole event log, bounded: a backfill "
        + "into the live tables (rewrites days that late events could not correct), or a replay into a database "
        + "of its own (--into).")
final class ReplayCommand implements Callable<Integer> {
    @ParentCommand MentorPulseCli parent;

    @Option(names = "--into", defaultValue = SchemaMigrator.MAIN_DATABASE, paramLabel = "DATABASE",
            description = "ClickHouse database to write (created with the full schema if missing; default: "
                    + "${DEFAULT-VALUE}, the live tables)")
    String database;

    @Option(names = "--parallelism", defaultValue = "2", description = "Flink parallelism (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Override
    public Integer call() {
        MentorPulseCli.Running running = parent.stackUp();
        LocalBackfill.run(running.endpoints(), running.stack().stateDir(),
                EngagementRiskJob.Options.from(AnalyticsSettings.from(running.settings())), database, parallelism, System.out);
        return 0;
    }
}
