package org.mentorpulse.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mentorpulse.config.Settings;
import org.mentorpulse.console.ConsoleApp;
import org.mentorpulse.pipeline.EmbeddedPipeline;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.stack.LocalStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "run", description = "Run the pipeline (ingestion API, deduplicator, alerting, notifier, Flink "
        + "jobs) on the local stack until interrupted (Ctrl-C), and the triage console beside it when there is a "
        + "managers file.")
final class RunCommand implements Callable<Integer> {
    @ParentCommand MentorPulseCli parent;

    @Option(names = "--managers", paramLabel = "FILE", description = "the managers file (alerts.managers-file): "
            + "who is escalated to and who may sign in to the console, e.g. the demo's .mentorpulse/demo-managers.json")
    Path managers;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        MentorPulseCli.Running running = parent.stackUp();
        Settings settings = managers == null ? running.settings()
                : running.settings().with("alerts.managers-file", managers.toString());
        LocalStack stack = running.stack();
        Endpoints endpoints = running.endpoints();
        EmbeddedPipeline pipeline = EmbeddedPipeline.start(endpoints, stack.stateDir(), settings,
                settings.port("ingestion.port"));
        ConsoleApp console = null;
        String consoleUrl = null;
        if (!settings.string("alerts.managers-file").isBlank()) {
            try {
                console = ConsoleApp.from(settings, endpoints::openClickHouseAsReader, pipeline.ingestionUrl(),
                        pipeline.localKey(), Clock.systemUTC());
                consoleUrl = "http://" + settings.string("console.host") + ":"
                        + console.start(settings.string("console.host"), settings.port("console.port")) + "/";
            } catch (RuntimeException e) {
                pipeline.close();
                throw e;
            }
        }
        ConsoleApp startedConsole = console;
        AtomicBoolean closed = new AtomicBoolean();
        Runnable stop = () -> {
            if (closed.compareAndSet(false, true)) {
                out.println("Stopping the pipeline ...");
                if (startedConsole != null) {
                    startedConsole.close();
                }
                pipeline.close();
            }
        };
        // Ctrl-C: the JVM runs this hook and exits when it returns, so the hook itself closes the pipeline
        Runtime.getRuntime().addShutdownHook(new Thread(stop));
        out.println("Ingestion API on " + pipeline.ingestionUrl() + "/v1/events (health: /healthz, /readyz)");
        out.println("Management on " + pipeline.managementUrl() + " (/metrics, /readyz with every stage's state)");
        out.println("Match state on " + pipeline.matchStateUrl() + "/v1/matches/{id} (Authorization: Bearer <key>)");
        out.println("Local operator key for this run: " + pipeline.localKey());
        out.println(consoleUrl != null ? "Triage console on " + consoleUrl + " (managers of "
                + settings.string("alerts.managers-file") + " sign in with their console password)"
                : "No triage console: no managers file (--managers FILE or alerts.managers-file)");
        out.println("Running; Ctrl-C stops the pipeline (the stack keeps running: ./mentorpulse down).");
        java.util.Optional<String> stopped;
        while ((stopped = pipeline.stoppedStage()).isEmpty()) {
            Thread.sleep(5000);
        }
        // a pipeline with a dead stage must not look alive: say which, stop, and exit non-zero for a supervisor
        System.err.println("mentorpulse run: a stage stopped (" + stopped.get() + "); see the log above.");
        stop.run();
        return 1;
    }
}
