package org.mentorpulse.cli;

import org.mentorpulse.analytics.config.AnalyticsSettings;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.mentorpulse.schema.Topics;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
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
    @Spec CommandSpec spec;

    @Option(names = "--into", defaultValue = SchemaMigrator.MAIN_DATABASE, paramLabel = "DATABASE",
            description = "ClickHouse database to write (created with the full schema if missing; default: "
                    + "${DEFAULT-VALUE}, the live tables)")
    String database;

    @Option(names = "--parallelism", defaultValue = "2", description = "Flink parallelism (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Option(names = "--topic", defaultValue = Topics.EVENTS, paramLabel = "TOPIC", description = "the topic of "
            + "canonical events to replay (default: ${DEFAULT-VALUE}, the event log)")
    String topic;

    @Option(names = "--checkpoint-every", defaultValue = "PT60S", paramLabel = "DURATION", description = "how often "
            + "the replay checkpoints, as an ISO-8601 duration: a replay that is stopped (killed, the machine went "
            + "down) resumes from its last checkpoint when started again (default: ${DEFAULT-VALUE})")
    Duration checkpointEvery;

    @Override
    public Integer call() {
        MentorPulseCli.Running running = parent.stackUp();
        if (checkpointEvery.isNegative() || checkpointEvery.toMillis() < 100) {
            throw new ParameterException(spec.commandLine(), "--checkpoint-every must be at least PT0.1S, not "
                    + checkpointEvery);
        }
        LocalBackfill.run(running.endpoints(), running.stack().stateDir(),
                EngagementRiskJob.Options.from(AnalyticsSettings.from(running.settings())), topic, database,
                parallelism, checkpointEvery, System.out);
        return 0;
    }
}
