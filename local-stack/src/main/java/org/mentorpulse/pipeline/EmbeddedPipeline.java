package org.mentorpulse.pipeline;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.mentorpulse.analytics.alerts.AlertsJob;
import org.mentorpulse.analytics.clickhouse.ClickHouseTarget;
import org.mentorpulse.analytics.config.AnalyticsSettings;
import org.mentorpulse.analytics.job.EngagementRiskJob;
import org.mentorpulse.analytics.rejected.RejectedEventsJob;
import org.mentorpulse.config.KeyHashes;
import org.mentorpulse.config.Settings;
import org.mentorpulse.ingestion.IngestionApp;
import org.mentorpulse.ingestion.auth.ApiKeys;
import org.mentorpulse.ingestion.config.IngestionSettings;
import org.mentorpulse.ingestion.http.ProgressWatch;
import org.mentorpulse.ingestion.http.StageHealth;
import org.mentorpulse.ingestion.log.ConsumerGroupPosition;
import org.mentorpulse.schema.Topics;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.stack.PseudonymKey;
import org.mentorpulse.stack.StackException;
import org.mentorpulse.streams.StreamsSettings;
import org.mentorpulse.streams.ThreadReplacement;
import org.mentorpulse.streams.alerts.AlertRules;
import org.mentorpulse.streams.alerts.AlertingApp;
import org.mentorpulse.streams.alerts.MatchStateServer;
import org.mentorpulse.streams.dedup.EventDeduplicationApp;
import org.mentorpulse.streams.notify.NotifierApp;

/**
 * The whole pipeline in one process, against a running stack: the HTTP ingestion API, the Kafka Streams
 * deduplicator and the Flink job on an embedded MiniCluster. In production each runs on its own; here they
 * share a JVM so that one command shows the pipeline end to end.
 */
public final class EmbeddedPipeline implements AutoCloseable {
    /**
     * The local job replays the log at every start, so its checkpoints only bound what a failure costs while it
     * runs. Sinks write at least every second whatever the interval (see ClickHouseSink).
     */
    public static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(30);
    /** How far ClickHouse may trail the job: a sink's batch delay plus a correction's wait for the watermark. */
    public static final Duration FRESHNESS = Duration.ofSeconds(2);
    public static final String LOCAL_SOURCE = "local-operator";
    /**
     * How long a stage may keep records waiting without moving before it counts as stopped: longer than the
     * local job's checkpoint interval, since the Flink job commits its position at checkpoints.
     */
    public static final Duration STALL_AFTER = Duration.ofMinutes(2);

    private final IngestionApp ingestion;
    private final KafkaStreams dedup;
    private final JobClient flinkJob;
    private final String localKey;

    private final List<ConsumerGroupPosition> positions;

    private final KafkaStreams alerting;
    private final KafkaStreams notifier;
    private final MatchStateServer matchState;
    private final int matchStatePort;

    private EmbeddedPipeline(IngestionApp ingestion, KafkaStreams dedup, KafkaStreams alerting, KafkaStreams notifier,
            JobClient flinkJob, String localKey, List<ConsumerGroupPosition> positions, MatchStateServer matchState,
            int matchStatePort) {
        this.matchState = matchState;
        this.matchStatePort = matchStatePort;
        this.alerting = alerting;
        this.notifier = notifier;
        this.positions = positions;
        this.ingestion = ingestion;
        this.dedup = dedup;
        this.flinkJob = flinkJob;
        this.localKey = localKey;
    }

    /**
     * Starts everything. {@code sources} are the configured {@code ingestion.sources.*} entries; a one-off key
     * for the local operator (source {@value #LOCAL_SOURCE}, any event source) is added and returned by
     * {@link #localKey()}, so the demo and tests can post without a configured key.
     */
    public static EmbeddedPipeline start(Endpoints endpoints, Path stateDir, Settings configured, int ingestionPort) {
        Settings settings = PseudonymKey.local(configured, stateDir);
        EngagementRiskJob.Options options = EngagementRiskJob.Options.from(AnalyticsSettings.from(settings));
        Map<String, String> sources = settings.withPrefix(ApiKeys.PREFIX);
        IngestionSettings.limits(settings); // a bad limit or source entry stops start-up before anything runs
        IngestionSettings.apiKeys(settings);
        // Each app starts from an empty local state and restores its stores from their changelogs. Local state
        // that does not match the log (a killed run, or a log purged under it) is declared corrupt under
        // exactly-once, and with Kafka Streams 4.2 we saw such a task stay unprocessed, holding back a third of
        // the log. Restoring costs one read of the changelogs, which are small here.
        KafkaStreams dedup = startApp("deduplicator", EventDeduplicationApp.buildTopology(
                EventDeduplicationApp.DEFAULT_RETENTION, StreamsSettings.clockInterval(settings)),
                EventDeduplicationApp.streamsConfig(endpoints.kafkaBootstrap(), stateDir.resolve("streams")));
        AlertRules rules = AlertRules.from(settings);
        Duration tick = Duration.ofMillis(settings.positiveInt("alerts.tick-millis"));
        KafkaStreams alerting = startApp("alerting app", AlertingApp.buildTopology(rules, tick),
                AlertingApp.streamsConfig(endpoints.kafkaBootstrap(), stateDir.resolve("streams")));
        // the notifier delivers to the stack's mail catcher when it runs one, else to notify.smtp.*
        Settings notifySettings = endpoints.mail() == null ? settings : settings
                .with("notify.smtp.host", endpoints.mail().host())
                .with("notify.smtp.port", Integer.toString(endpoints.mail().smtpPort()));
        if (notifySettings.string("notify.console-url").isEmpty()) {
            // the console that ./mentorpulse run starts beside the pipeline
            notifySettings = notifySettings.with("notify.console-url", "http://" + settings.string("console.host")
                    + ":" + settings.port("console.port") + "/");
        }
        KafkaStreams notifier = startApp("notifier", NotifierApp.buildTopology(rules,
                NotifierApp.deliverer(notifySettings, Clock.systemUTC()), tick,
                NotifierApp.ledgerDirectory(stateDir.resolve("streams"))),
                NotifierApp.streamsConfig(endpoints.kafkaBootstrap(), stateDir.resolve("streams")));

        JobClient job;
        try {
            StreamExecutionEnvironment env = LocalFlink.environment(2, stateDir.resolve("flink-checkpoints"),
                    CHECKPOINT_INTERVAL);
            ClickHouseTarget clickhouse = endpoints.pipelineTarget(ClickHouseTarget.DEFAULT_DATABASE);
            EngagementRiskJob.onKafkaAndClickHouse(endpoints.kafkaBootstrap(), true, clickhouse, options).build(env);
            RejectedEventsJob.onKafkaAndClickHouse(endpoints.kafkaBootstrap(), true, clickhouse).build(env);
            AlertsJob.build(env, endpoints.kafkaBootstrap(), true, clickhouse);
            job = env.executeAsync("mentorpulse-engagement-risk");
        } catch (Exception e) {
            dedup.close(Duration.ofSeconds(10));
            alerting.close(Duration.ofSeconds(10));
            notifier.close(Duration.ofSeconds(10));
            throw new StackException("cannot start the Flink job: " + e.getMessage(), e);
        }

        List<ConsumerGroupPosition> positions = new ArrayList<>();
        String localKey = ApiKeys.newKey();
        Map<String, String> keys = new HashMap<>(sources);
        keys.put(ApiKeys.PREFIX + LOCAL_SOURCE + ".key-sha256", ApiKeys.sha256Hex(localKey));
        keys.put(ApiKeys.PREFIX + LOCAL_SOURCE + ".event-source", "");
        keys.put(ApiKeys.PREFIX + LOCAL_SOURCE + ".operator", "true");
        IngestionApp ingestion = IngestionApp.start(settings.with("ingestion.host", "127.0.0.1"),
                endpoints.kafkaBootstrap(), keys, stages(dedup, alerting, notifier, job, endpoints.kafkaBootstrap(), positions),
                ingestionPort);
        // match state for the local operator's key and any configured one, on loopback
        List<byte[]> readers = new ArrayList<>(KeyHashes.parse("alerts.http.key-sha256",
                settings.string("alerts.http.key-sha256")));
        readers.add(KeyHashes.sha256(localKey));
        MatchStateServer matchState = new MatchStateServer(alerting, readers, null);
        int matchStatePort = matchState.start("127.0.0.1", settings.port("alerts.http.port"));
        return new EmbeddedPipeline(ingestion, dedup, alerting, notifier, job, localKey, positions, matchState,
                matchStatePort);
    }

    /** One Streams app of the pipeline, started from its changelogs and running. */
    private static KafkaStreams startApp(String name, Topology topology, Properties config) {
        KafkaStreams app = ThreadReplacement.install(new KafkaStreams(topology, staticMember(config)), name);
        app.cleanUp();
        app.start();
        awaitRunning(name, app, Duration.ofSeconds(60));
        return app;
    }

    /**
     * One process runs each app here, so it is a static member of its group: started again after a crash it takes
     * its partitions back at once, instead of waiting for the broker to give up on the dead member's session
     * (45 s by default, during which nothing is processed). A second pipeline on the same stack fences the first.
     */
    static Properties staticMember(Properties config) {
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), "mentorpulse-local");
        return config;
    }

    /**
     * The stages this process runs besides ingestion. A stage that stopped (the deduplicator in ERROR after a
     * record it could not survive, a failed Flink job) makes the pipeline not ready on {@code /readyz}, and
     * makes {@code ./mentorpulse run} exit non-zero rather than idle dead.
     */
    private static Map<String, StageHealth> stages(KafkaStreams dedup, KafkaStreams alerting, KafkaStreams notifier,
            JobClient job,
            String bootstrap, List<ConsumerGroupPosition> positions) {
        Map<String, StageHealth> stages = new LinkedHashMap<>();
        ConsumerGroupPosition dedupPosition = new ConsumerGroupPosition(bootstrap, EventDeduplicationApp.APPLICATION_ID,
                Topics.RAW);
        ConsumerGroupPosition jobPosition = new ConsumerGroupPosition(bootstrap, EngagementRiskJob.CONSUMER_GROUP,
                Topics.EVENTS);
        positions.add(dedupPosition);
        positions.add(jobPosition);
        stages.put("deduplicator", new ProgressWatch(() -> streamsState(dedup), dedupPosition, Clock.systemUTC(),
                STALL_AFTER));
        ConsumerGroupPosition alertingPosition = new ConsumerGroupPosition(bootstrap, AlertingApp.APPLICATION_ID,
                Topics.RISK);
        positions.add(alertingPosition);
        stages.put("alerting", new ProgressWatch(() -> streamsState(alerting), alertingPosition, Clock.systemUTC(),
                STALL_AFTER));
        ConsumerGroupPosition notifierPosition = new ConsumerGroupPosition(bootstrap, NotifierApp.APPLICATION_ID,
                Topics.NOTIFICATIONS);
        positions.add(notifierPosition);
        stages.put("notifier", new ProgressWatch(() -> streamsState(notifier), notifierPosition, Clock.systemUTC(),
                STALL_AFTER));
        stages.put("analytics", new ProgressWatch(() -> {
            try {
                JobStatus status = job.getJobStatus().get(5, TimeUnit.SECONDS);
                return status.isGloballyTerminalState() ? StageHealth.Status.stopped("Flink job " + status.name())
                        : StageHealth.Status.working("Flink job " + status.name());
            } catch (java.util.concurrent.TimeoutException e) {
                // a MiniCluster slow to answer on a loaded machine has not stopped; a job that stalls shows
                // in its position, which the watch follows
                return StageHealth.Status.working("Flink job status not known within 5 s");
            } catch (Exception e) {
                return StageHealth.Status.stopped("Flink job status unknown: " + e.getMessage());
            }
        }, jobPosition, Clock.systemUTC(), STALL_AFTER));
        return stages;
    }

    private static StageHealth.Status streamsState(KafkaStreams app) {
        KafkaStreams.State state = app.state();
        return state.isRunningOrRebalancing() ? StageHealth.Status.working(state.name())
                : StageHealth.Status.stopped("Kafka Streams state " + state.name());
    }

    /** The first stage that is not working, with why; empty while all work. */
    public Optional<String> stoppedStage() {
        return ingestion.stoppedStage();
    }

    public String managementUrl() {
        return "http://127.0.0.1:" + ingestion.managementPort();
    }

    private static void awaitRunning(String name, KafkaStreams streams, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                throw new StackException("the " + name + " stopped during start-up (state " + streams.state() + ")");
            }
            if (System.nanoTime() > deadline) {
                throw new StackException("the " + name + " did not start within " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted", e);
            }
        }
    }

    /** Vendor events still waiting for identity resolution. */
    public int heldForIdentity() {
        return ingestion.heldForIdentity();
    }

    /** The local operator's API key for this run of the pipeline. */
    public String localKey() {
        return localKey;
    }

    public int ingestionPort() {
        return ingestion.apiPort();
    }

    /** Where {@code GET /v1/matches/{id}} answers (the local operator's key is allowed). */
    public String matchStateUrl() {
        return "http://127.0.0.1:" + matchStatePort;
    }

    public String ingestionUrl() {
        return "http://127.0.0.1:" + ingestion.apiPort();
    }

    /** True while the Flink job has not failed or finished. */
    public boolean jobIsRunning() {
        try {
            return !flinkJob.getJobStatus().get().isGloballyTerminalState();
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        ingestion.close();
        matchState.close();
        positions.forEach(ConsumerGroupPosition::close);
        try {
            flinkJob.cancel().get();
        } catch (Exception ignored) {
            // a job that already ended cannot be cancelled; either way it is no longer running
        }
        dedup.close(Duration.ofSeconds(30));
        alerting.close(Duration.ofSeconds(30));
        notifier.close(Duration.ofSeconds(30));
    }
}
