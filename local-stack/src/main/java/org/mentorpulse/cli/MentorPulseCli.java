package org.mentorpulse.cli;

import org.mentorpulse.stack.StackSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mentorpulse.config.ConfigurationException;
import org.mentorpulse.config.Settings;
import org.mentorpulse.pipeline.PipelineStatus;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.stack.LocalStack;
import org.mentorpulse.stack.StackException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** The {@code ./mentorpulse} command. Each subcommand is a thin shell over a class that does the work. */
@Command(name = "mentorpulse", mixinStandardHelpOptions = true, version = "MentorPulse 0.1.0-SNAPSHOT",
        description = "Engagement analytics for virtual mentoring programs.",
        subcommands = {MentorPulseCli.Up.class, MentorPulseCli.Status.class, MentorPulseCli.Down.class,
            DemoCommand.class, RunCommand.class, GenerateCommand.class, ImportCommand.class, KeyCommand.class,
            BenchAllCommand.class, BenchCommand.class, AnalyticsBenchCommand.class, ScaleOutBenchCommand.class, AlertBenchCommand.class, ConsoleBenchCommand.class, DashboardBenchCommand.class, ConsolePasswordCommand.class, AccessSqlCommand.class, NudgeLiftCommand.class, ExportCommand.class, ReplayCommand.class, BacktestCommand.class})
public final class MentorPulseCli implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE",
            description = "settings file (default: $MENTORPULSE_CONFIG, else built-in defaults)")
    Path config;

    Settings settings() {
        return StackSettings.fromEnvironment(config);
    }

    /** The settings and a running local stack, for commands that need Kafka and ClickHouse. */
    record Running(Settings settings, LocalStack stack, Endpoints endpoints) {}

    Running stackUp() {
        Settings settings = settings();
        LocalStack stack = new LocalStack(settings, System.out);
        Endpoints endpoints = stack.up();
        return new Running(stack.settings(), stack, endpoints);
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    @Command(name = "up", description = "Start the local Kafka broker and ClickHouse server in the background.")
    static final class Up implements Callable<Integer> {
        @ParentCommand MentorPulseCli parent;

        @Override
        public Integer call() {
            new LocalStack(parent.settings(), System.out).up();
            return 0;
        }
    }

    @Command(name = "status", description = "Show what runs, where it listens and where its data is, and the "
            + "state of every stage of a running pipeline; exit code 3 when a running pipeline is not ready.")
    static final class Status implements Callable<Integer> {
        @ParentCommand MentorPulseCli parent;

        @Override
        public Integer call() {
            Settings settings = parent.settings();
            System.out.print(new LocalStack(settings, System.out).status());
            PipelineStatus.Report pipeline = PipelineStatus.ask(settings.string("management.host"),
                    settings.port("management.port"));
            System.out.print(pipeline.text());
            return pipeline.answered() && !pipeline.ready() ? 3 : 0;
        }
    }

    @Command(name = "down", description = "Stop what 'up' started, keeping the data.")
    static final class Down implements Callable<Integer> {
        @ParentCommand MentorPulseCli parent;

        @Option(names = "--purge", description = "also delete the stack's data")
        boolean purge;

        @Override
        public Integer call() {
            new LocalStack(parent.settings(), System.out).down(purge);
            return 0;
        }
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new MentorPulseCli());
        // Expected failures (bad settings, a service that is missing) get one clear sentence, not a trace.
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof StackException || e instanceof ConfigurationException) {
                System.err.println("mentorpulse: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        System.exit(cli.execute(args));
    }
}
