package org.mentorpulse.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mentorpulse.cli.MentorPulseCli;
import org.mentorpulse.config.Settings;
import org.mentorpulse.console.Passwords;
import org.mentorpulse.demo.AlertsReadBack;
import org.mentorpulse.demo.Demo;
import org.mentorpulse.demo.EventPoster;
import org.mentorpulse.stack.ChildProcesses;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.stack.LocalStack;
import org.mentorpulse.stack.StackException;
import org.mentorpulse.testing.LivePipelineChecks;
import org.mentorpulse.testing.OwnStack;
import org.mentorpulse.testing.Waiting;
import org.mentorpulse.testkit.generator.SyntheticProgram;
import org.mentorpulse.testkit.generator.SyntheticProgramGenerator;
import org.mentorpulse.testkit.webhooks.SignedWebhookReceiver;

/**
 * Fault drill: the whole pipeline process ({@code ./mentorpulse run}: ingestion, the deduplicator, the alerting
 * app and the notifier, the live Flink job) killed with SIGKILL five times while a program is posted to it, and
 * started again each time. The sender re-posts what it is not sure of (everything, at the end: duplicates are
 * answered as such). Afterwards:
 * <ul>
 *   <li>every event is in ClickHouse once, and the day rows equal those of a replay of the log that was never
 *       interrupted, row for row;
 *   <li>no alert was raised twice, and every nudge and escalation the alerts table records was delivered as one
 *       message: as many distinct Message-IDs and webhook ids as records. A message taken by the mail server just
 *       as the kill came can arrive twice, as the same message; the drill prints how many.
 * </ul>
 * Each run is killed once a seeded share (one event to a quarter) of the events just posted to it has reached
 * ClickHouse, so the five kills hit deduplication, evaluation and delivery at different points of the program, the
 * same points on a fast machine as on a slow one; what is asserted holds wherever they fall.
 */
@Tag("fault")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class PipelineKillIT {
    private static final int KILLS = 5;
    private static final String REPLAY_DB = "mentorpulse_pipeline_kill_replay";
    private static final Pattern READY = Pattern.compile("Ingestion API on (http://\\S+)/v1/events");
    private static final Pattern KEY = Pattern.compile("Local operator key for this run: (\\S+)");

    /** A stack of its own: its pipeline is killed, and the drill reads its live tables. */
    @RegisterExtension
    static final OwnStack OWN = new OwnStack("pipeline-kill-stack");

    @Test
    void killedFiveTimesThePipelineLosesNothingCountsNothingTwiceAndMailsEachNotificationAsOneMessage() throws Exception {
        LocalStack stack = OWN.stack();
        Endpoints endpoints = stack.up();
        SyntheticProgram program = new SyntheticProgramGenerator(new SyntheticProgramGenerator.Options(37, 40, 90,
                SyntheticProgramGenerator.Options.demo().start(), 0)).generate();
        List<ObjectNode> events = program.events();
        String managerEmail = "pm@" + program.programId() + ".example.org";
        // each kill falls when a chosen number of the chunk's events has reached ClickHouse: a point in the
        // pipeline's progress, not in wall-clock time, so a slower machine kills at the same place. Other points
        // can be tried with -Dmentorpulse.kill-seed=...
        long seed = Long.getLong("mentorpulse.kill-seed", 37);
        System.out.println("kill points from seed " + seed);
        Random random = new Random(seed);

        try (SignedWebhookReceiver receiver = new SignedWebhookReceiver(Demo.DEMO_WEBHOOK_SECRET)) {
            Path config = stack.stateDir().resolve("kill-drill.properties");
            Settings alerting = Demo.demoAlerting(OWN.settings(), stack.stateDir().resolve("kill-drill-managers.json"),
                    program.programId(), managerEmail, receiver.url(),
                    Passwords.hash(Passwords.randomPassword().toCharArray()));
            int chunk = events.size() / (KILLS + 1);
            for (int attempt = 0; attempt < KILLS; attempt++) {
                Pipeline pipeline = Pipeline.start(stack, alerting, config, attempt);
                // what this run is sent: the chunk after the last one, and the one before again (it may have been
                // cut short by the last kill), which ingestion answers as duplicates where they were stored
                int from = Math.max(0, (attempt - 1) * chunk);
                long storedBefore = LivePipelineChecks.eventsStored(endpoints, program);
                pipeline.post(events.subList(from, (attempt + 1) * chunk));
                // killed while it works: once some of the new events have reached ClickHouse (through the
                // deduplicator and the Flink job), between one and a quarter of the chunk
                long killAt = storedBefore + 1 + random.nextInt(Math.max(1, chunk / 4));
                awaitStored(endpoints, program, killAt, pipeline);
                pipeline.kill();
                System.out.printf("kill %d: with %,d events stored (%,d of %,d posted)%n", attempt + 1, killAt,
                        (attempt + 1) * chunk, events.size());
            }
            Pipeline last = Pipeline.start(stack, alerting, config, KILLS);
            try {
                EventPoster.Totals all = last.post(events);
                long stored = events.size() - all.rejected();
                Demo.awaitEvaluation(endpoints, program, program.evaluationDay(), stored, last::stopped, System.out);
                assertThat(LivePipelineChecks.eventsStored(endpoints, program)).as("events stored").isEqualTo(stored);
                AlertsReadBack alerts = AlertsReadBack.await(endpoints, program.programId(), managerEmail, receiver,
                        System.out);
                alerts.print(System.out);
                LivePipelineChecks.everyNotificationDeliveredAsOneMessage(alerts);
                try (Connection c = endpoints.openClickHouse()) {
                    assertThat(count(c, "SELECT count() FROM (SELECT alert_id, countIf(transition = 'raised') AS r "
                            + "FROM mentorpulse.alerts FINAL WHERE program_id = ? GROUP BY alert_id) WHERE r > 1",
                            program.programId())).as("alerts raised more than once").isZero();
                }
            } finally {
                last.stop();
            }
        }

        LivePipelineChecks.liveRowsEqualAReplay(stack, endpoints, program, REPLAY_DB);
    }

    /** Waits until at least {@code count} of the program's events are in ClickHouse. */
    private static void awaitStored(Endpoints endpoints, SyntheticProgram program, long count, Pipeline pipeline)
            throws Exception {
        Waiting.until(count + " of the program's events in ClickHouse", () -> {
            assertThat(pipeline.isAlive()).as("the pipeline is running").isTrue();
            return LivePipelineChecks.eventsStored(endpoints, program);
        }, stored -> stored >= count);
    }

    private static long count(Connection c, String sql, String parameter) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** One {@code ./mentorpulse run} in a child process, attached to the drill's stack. */
    private record Pipeline(Process process, String ingestionUrl, String key) {
        private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

        static Pipeline start(LocalStack stack, Settings alerting, Path config, int attempt) throws Exception {
            // a port the child binds itself, read back from its log: one picked here and handed over could be taken
            // meanwhile as the local end of some outgoing connection (run 6 once found it so)
            Files.writeString(config, String.join("\n",
                    "ingestion.port=0", "management.port=0", "alerts.http.port=0",
                    "console.port=0",
                    "alerts.quiet-from=" + alerting.string("alerts.quiet-from"),
                    "alerts.quiet-until=" + alerting.string("alerts.quiet-until"),
                    "alerts.quiet-weekends=" + alerting.string("alerts.quiet-weekends"),
                    "alerts.escalate-after=" + alerting.string("alerts.escalate-after"),
                    "alerts.managers-file=" + alerting.string("alerts.managers-file"), ""));
            Path log = stack.stateDir().resolve("kill-drill-run-" + attempt + ".log");
            List<String> cmd = ChildProcesses.javaCommand("-Dmentorpulse.component=pipeline-kill-drill",
                    List.of("-Xmx1g"), MentorPulseCli.class, List.of("--config", config.toString(), "run"));
            ProcessBuilder child = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            // the child attaches to this test's stack: the same state directory, whose state file has the ports
            child.environment().put(Settings.environmentName("state.dir"), stack.stateDir().toString());
            child.environment().put("MENTORPULSE_KAFKA_LOG_LEVEL", "WARN");
            Process process = child.start();
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (true) {
                String text = Files.readString(log);
                Matcher ready = READY.matcher(text);
                Matcher key = KEY.matcher(text);
                if (ready.find() && key.find()) {
                    System.out.printf("run %d started: %s%n", attempt + 1, ready.group(1));
                    return new Pipeline(process, ready.group(1), key.group(1));
                }
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new AssertionError("run " + (attempt + 1) + " did not start; its log:\n" + text);
                }
                process.waitFor(200, TimeUnit.MILLISECONDS);
            }
        }

        EventPoster.Totals post(List<ObjectNode> events) {
            try {
                return new EventPoster(ingestionUrl, key).post(events, 200, sent -> { });
            } catch (StackException e) {
                throw new AssertionError("the running pipeline refused events: " + e.getMessage(), e);
            }
        }

        boolean isAlive() {
            return process.isAlive();
        }

        /** {@code ./mentorpulse run} exits, non-zero, when one of its stages stopped. */
        Optional<String> stopped() {
            return process.isAlive() ? Optional.empty()
                    : Optional.of("the pipeline's process exited with " + process.exitValue());
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL: no flush, no commit, no goodbye
            process.waitFor(30, TimeUnit.SECONDS);
        }

        void stop() throws InterruptedException {
            process.destroy(); // SIGTERM: the shutdown hook closes the pipeline
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
