package org.mentorpulse.demo;

import org.mentorpulse.analytics.config.AnalyticsSettings;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.mentorpulse.config.Settings;
import org.mentorpulse.console.Passwords;
import org.mentorpulse.testkit.generator.SyntheticProgram;
import org.mentorpulse.testkit.generator.SyntheticProgram.PlantedMatch;
import org.mentorpulse.testkit.generator.SyntheticProgramGenerator;
import org.mentorpulse.pipeline.EmbeddedPipeline;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.stack.LocalStack;
import org.mentorpulse.stack.StackException;
import org.mentorpulse.stack.Stillness;
import org.mentorpulse.testkit.webhooks.SignedWebhookReceiver;
import org.mentorpulse.warehouse.RefreshedViews;
import org.mentorpulse.warehouse.SchemaMigrator;

/**
 * The end-to-end demo: bring the stack up, run the pipeline, post a generated program through the HTTP API,
 * wait until the risk rows for the evaluation day are in ClickHouse, and read the stalled matches back.
 */
public final class Demo {
    /**
     * How long the pipeline's progress (events stored, matches evaluated, risk rows) may stand still before the
     * wait gives up. Longer than a stage may stall before it reports itself stopped, so that a stopped stage is
     * named rather than a silent wait; never a bound on the total, which would depend on the machine's speed.
     */
    private static final Duration CATCH_UP_STALLED = EmbeddedPipeline.STALL_AFTER.plusMinutes(1);
    private static final Duration FRESHNESS = EmbeddedPipeline.FRESHNESS;
    /** a fresh secret per run would do as well; a fixed one lets a reader check a captured request by hand */
    public static final String DEMO_WEBHOOK_SECRET = "whsec_ZGVtby1zZWNyZXQtb2YtdGhlLW1lbnRvcnB1bHNlLWRlbW8=";

    public record Result(SyntheticProgram program, LocalDate day, EventPoster.Totals totals,
            List<StalledRelationship> found, List<PlantedMatch> planted, AlertsReadBack alerts,
            ConsoleSignIn console) {

        public Set<String> foundIds() {
            return found.stream().map(StalledRelationship::matchId).collect(Collectors.toCollection(java.util.TreeSet::new));
        }

        public Set<String> plantedIds() {
            return planted.stream().map(PlantedMatch::matchId).collect(Collectors.toCollection(java.util.TreeSet::new));
        }
    }

    /** How the demo's program manager signs in to the triage console that {@code ./mentorpulse run} starts. */
    public record ConsoleSignIn(String url, String managersFile, String manager, String password) {}

    private static final String DEMO_MANAGER = "pm-demo";

    private Demo() {}

    public static Result run(Settings settings, SyntheticProgramGenerator.Options options, PrintStream out) {
        SyntheticProgram program = new SyntheticProgramGenerator(options).generate();
        out.printf("Generated %s: %d matches over %d days from %s, %d events (seed %d)%n", program.programId(),
                program.matches().size(), program.days(), program.start(), program.events().size(), options.seed());
        return run(settings, program, out);
    }

    /** The demo on a given program (its events posted in their order). */
    public static Result run(Settings settings, SyntheticProgram program, PrintStream out) {
        long t0 = System.nanoTime();
        LocalStack stack = new LocalStack(settings, out);
        Endpoints endpoints = stack.up();
        if (endpoints.mail() == null) {
            throw new StackException("the demo reads its alerts back from the local mail catcher: leave mail.catcher on");
        }

        out.println("Starting the pipeline (ingestion API, deduplicator, alerting, notifier, Flink job) ...");
        String managerEmail = "pm@" + program.programId() + ".example.org";
        // a new password each run, only ever printed: the managers file keeps its hash
        String consolePassword = Passwords.randomPassword();
        java.nio.file.Path managers = stack.stateDir().resolve("demo-managers.json");
        try (SignedWebhookReceiver receiver = new SignedWebhookReceiver(DEMO_WEBHOOK_SECRET);
                EmbeddedPipeline pipeline = EmbeddedPipeline.start(endpoints, stack.stateDir(),
                        demoAlerting(settings, managers, program.programId(), managerEmail, receiver.url(),
                                Passwords.hash(consolePassword.toCharArray())),
                        settings.port("ingestion.port"))) {
            out.println("Ingestion API listening on " + pipeline.ingestionUrl() + "/v1/events");
            EventPoster poster = new EventPoster(pipeline.ingestionUrl(), pipeline.localKey());
            EventPoster.Totals totals = poster.post(program.events(), 500,
                    sent -> out.printf("  posted %d / %d events%n", sent, program.events().size()));
            out.printf("Ingestion answered: %d accepted, %d duplicates, %d rejected%n", totals.accepted(),
                    totals.duplicates(), totals.rejected());

            LocalDate day = program.evaluationDay();
            awaitEvaluation(endpoints, program, day, totals.accepted(), pipeline, out);
            List<StalledRelationship> found = query(endpoints, program.programId(), day);
            AlertsReadBack alerts = AlertsReadBack.await(endpoints, program.programId(), managerEmail, receiver, out);
            out.printf("Demo finished in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            return new Result(program, day, totals, found,
                    program.plantedStalls(day, AnalyticsSettings.from(settings).riskModel()::stallThresholdDays),
                    alerts, new ConsoleSignIn("http://" + settings.string("console.host") + ":"
                            + settings.string("console.port") + "/", managers.toString(), DEMO_MANAGER,
                            consolePassword));
        } catch (java.io.IOException e) {
            throw new StackException("cannot start the demo's webhook receiver: " + e.getMessage(), e);
        }
    }

    /**
     * The demo shows every step of an alert within a minute: no quiet hours, escalation after ten seconds, and one
     * program manager (the managers file it writes) reached by mail and by a signed webhook to a local receiver.
     * {@code ./mentorpulse run} uses the configured rules.
     */
    public static Settings demoAlerting(Settings settings, java.nio.file.Path managers, String programId,
            String managerEmail, String webhookUrl, String consolePasswordHash) {
        try {
            java.nio.file.Files.writeString(managers, """
                    {"managers": [{"id": "%s", "programs": ["%s"], "timezone": "Europe/Berlin", "language": "en",
                      "email": "%s", "webhook": {"url": "%s", "secret": "%s"}, "console_password": "%s"}]}
                    """.formatted(DEMO_MANAGER, programId, managerEmail, webhookUrl, DEMO_WEBHOOK_SECRET,
                    consolePasswordHash));
        } catch (java.io.IOException e) {
            throw new StackException("cannot write " + managers + ": " + e.getMessage(), e);
        }
        return settings.with("alerts.quiet-from", "00:00").with("alerts.quiet-until", "00:00")
                .with("alerts.quiet-weekends", "false").with("alerts.escalate-after", "PT10S")
                .with("alerts.managers-file", managers.toString());
    }

    /**
     * Caught up means: every accepted event of the program is in the events table (so the Flink job has read
     * all of them), every match has a row for the day, and the program's risk rows did not change for longer
     * than ClickHouse may trail the job (so the corrections that late events cause have all been written). A row
     * for the day alone is not enough: a match that arrives behind the watermark gets its rows at once and
     * corrected afterwards.
     */
    public static void awaitEvaluation(Endpoints endpoints, SyntheticProgram program, LocalDate day,
            long acceptedEvents, EmbeddedPipeline pipeline, PrintStream out) {
        awaitEvaluation(endpoints, program, day, acceptedEvents, pipeline::stoppedStage, out);
    }

    /**
     * The same, for a pipeline running elsewhere (another process): {@code stopped} says what of it stopped, if
     * anything, and the wait ends there with that reason.
     */
    public static void awaitEvaluation(Endpoints endpoints, SyntheticProgram program, LocalDate day,
            long acceptedEvents, Supplier<Optional<String>> stopped, PrintStream out) {
        int expected = program.matches().size();
        long lastReport = 0;
        String previousFingerprint = null;
        Stillness progress = new Stillness(CATCH_UP_STALLED);
        try (Connection c = endpoints.openClickHouse()) {
            while (true) {
                long stored = StalledRelationshipsQuery.eventsStored(c, SyntheticProgramGenerator.SOURCE,
                        program.eventIdPrefix());
                int evaluated = StalledRelationshipsQuery.matchesEvaluatedOn(c, program.programId(), day);
                String fingerprint = StalledRelationshipsQuery.riskRowsFingerprint(c, program.programId());
                if (stored >= acceptedEvents && evaluated >= expected && fingerprint.equals(previousFingerprint)) {
                    // the dashboards' latest days, from the rows just settled rather than at the next refresh
                    RefreshedViews.refreshAll(c, SchemaMigrator.MAIN_DATABASE);
                    out.printf("Pipeline caught up: %d events stored, all %d matches evaluated through %s%n", stored,
                            expected, day);
                    return;
                }
                previousFingerprint = stored >= acceptedEvents && evaluated >= expected ? fingerprint : null;
                Optional<String> stage = stopped.get();
                if (stage.isPresent()) {
                    throw new StackException("the pipeline stopped before it caught up: " + stage.get()
                            + "; see the log above");
                }
                if (progress.stillFor(List.of(stored, evaluated, fingerprint))) {
                    throw new StackException("the pipeline made no progress for " + CATCH_UP_STALLED.toMinutes()
                            + " minutes (" + stored + " of " + acceptedEvents + " events stored, " + evaluated
                            + " of " + expected + " matches evaluated through " + day + ")");
                }
                if (System.nanoTime() - lastReport > Duration.ofSeconds(3).toNanos()) {
                    out.printf("  waiting for the pipeline: %d / %d events stored, %d / %d matches evaluated "
                            + "through %s%n", stored, acceptedEvents, evaluated, expected, day);
                    lastReport = System.nanoTime();
                }
                Thread.sleep(FRESHNESS.toMillis() + 1000);
            }
        } catch (SQLException e) {
            throw new StackException("cannot read progress from ClickHouse: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted", e);
        }
    }

    private static List<StalledRelationship> query(Endpoints endpoints, String programId, LocalDate day) {
        try (Connection c = endpoints.openClickHouse()) {
            return StalledRelationshipsQuery.stalledOn(c, programId, day);
        } catch (SQLException e) {
            throw new StackException("cannot read the stalled relationships from ClickHouse: " + e.getMessage(), e);
        }
    }
}
