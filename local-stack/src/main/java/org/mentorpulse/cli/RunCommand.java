package org.mentorpulse.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mentorpulse.config.Settings;
import org.mentorpulse.pipeline.EmbeddedPipeline;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.stack.LocalStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "run", description = "Run the pipeline (ingestion API, deduplicator, Flink jobs) on the local "
        + "stack until interrupted (Ctrl-C).")
final class RunCommand implements Callable<Integer> {
    @ParentCommand MentorPulseCli parent;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        MentorPulseCli.Running running = parent.stackUp();
        Settings settings = running.settings();
        LocalStack stack = running.stack();
        Endpoints endpoints = running.endpoints();
        EmbeddedPipeline pipeline = EmbeddedPipeline.start(endpoints, stack.stateDir(), settings,
                settings.port("ingestion.port"));
        AtomicBoolean closed = new AtomicBoolean();
        Runnable stop = () -> {
            if (closed.compareAndSet(false, true)) {
                out.println("Stopping the pipeline ...");
                pipeline.close();
            }
        };
        // Ctrl-C: the JVM runs this hook and exits when it returns, so the hook itself closes the pipeline
        Runtime.getRuntime().addShutdownHook(new Thread(stop));
        out.println("Ingestion API on " + pipeline.ingestionUrl() + "/v1/events (health: /healthz, /readyz)");
        out.println("Management on " + pipeline.managementUrl() + " (/metrics, /readyz with every stage's state)");
        out.println("Match state on " + pipeline.matchStateUrl() + "/v1/matches/{id} (Authorization: Bearer <key>)");
        out.println("Local operator key for this run: " + pipeline.localKey());
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
