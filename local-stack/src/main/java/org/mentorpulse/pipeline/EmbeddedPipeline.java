package org.mentorpulse.pipeline;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.streams.KafkaStreams;
import org.mentorpulse.analytics.clickhouse.ClickHouseTarget;
import org.mentorpulse.analytics.job.EngagementRiskJob;
import org.mentorpulse.analytics.rejected.RejectedEventsJob;
import org.mentorpulse.ingestion.IngestionLimits;
import org.mentorpulse.ingestion.IngestionService;
import org.mentorpulse.ingestion.auth.ApiKeys;
import org.mentorpulse.ingestion.identity.IdentityResolverService;
import org.mentorpulse.ingestion.webhooks.Webhooks;
import org.mentorpulse.ingestion.http.IngestionHttpServer;
import org.mentorpulse.ingestion.http.ManagementHttpServer;
import org.mentorpulse.ingestion.http.StageHealth;
import org.mentorpulse.ingestion.log.KafkaEventLog;
import org.mentorpulse.ingestion.metrics.IngestionMetrics;
import org.mentorpulse.config.IngestionSettings;
import org.mentorpulse.config.Settings;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.stack.StackException;
import org.mentorpulse.streams.dedup.EventDeduplicationApp;

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

    private final KafkaEventLog eventLog;
    private final IngestionHttpServer http;
    private final KafkaStreams dedup;
    private final JobClient flinkJob;
    private final int ingestionPort;
    private final String localKey;
    private final IdentityResolverService resolver;

    private final ManagementHttpServer management;
    private final int managementPort;
    private final Map<String, StageHealth> stages;

    private EmbeddedPipeline(KafkaEventLog eventLog, IngestionHttpServer http, int ingestionPort, KafkaStreams dedup,
            JobClient flinkJob, String localKey, IdentityResolverService resolver, ManagementHttpServer management,
            int managementPort, Map<String, StageHealth> stages) {
        this.management = management;
        this.managementPort = managementPort;
        this.stages = stages;
        this.localKey = localKey;
        this.resolver = resolver;
        this.eventLog = eventLog;
        this.http = http;
        this.ingestionPort = ingestionPort;
        this.dedup = dedup;
        this.flinkJob = flinkJob;
    }

    /**
     * Starts everything. {@code sources} are the configured {@code ingestion.sources.*} entries; a one-off key
     * for the local operator (source {@value #LOCAL_SOURCE}, any event source) is added and returned by
     * {@link #localKey()}, so the demo and tests can post without a configured key.
     */
    public static EmbeddedPipeline start(Endpoints endpoints, Path stateDir, Settings settings, int ingestionPort) {
        EngagementRiskJob.Options options = EngagementRiskJob.Options.from(settings.analytics());
        Map<String, String> sources = settings.withPrefix(ApiKeys.PREFIX);
        IngestionLimits limits = IngestionSettings.limits(settings);
        ApiKeys.fromProperties(sources); // a malformed source entry stops start-up before anything runs
        KafkaStreams dedup = new KafkaStreams(
                EventDeduplicationApp.buildTopology(EventDeduplicationApp.DEFAULT_RETENTION,
                        Duration.ofSeconds(settings.positiveInt("streams.clock-interval-seconds"))),
                EventDeduplicationApp.streamsConfig(endpoints.kafkaBootstrap(), stateDir.resolve("streams")));
        // Start from an empty local state and restore the seen-ids store from its changelog. Local state that
        // does not match the log (a killed run, or a log purged under it) is declared corrupt under
        // exactly-once, and with Kafka Streams 4.2 we saw such a task stay unprocessed, holding back a third
        // of the log. Restoring costs one read of the changelog, which is small here.
        dedup.cleanUp();
        dedup.start();
        awaitRunning(dedup, Duration.ofSeconds(60));

        JobClient job;
        try {
            StreamExecutionEnvironment env = LocalFlink.environment(2, stateDir.resolve("flink-checkpoints"),
                    CHECKPOINT_INTERVAL);
            ClickHouseTarget clickhouse = new ClickHouseTarget(endpoints.clickhouseJdbcUrl(),
                    endpoints.clickhouseUser(), endpoints.clickhousePassword());
            EngagementRiskJob.onKafkaAndClickHouse(endpoints.kafkaBootstrap(), true, clickhouse, options).build(env);
            RejectedEventsJob.onKafkaAndClickHouse(endpoints.kafkaBootstrap(), true, clickhouse).build(env);
            job = env.executeAsync("mentorpulse-engagement-risk");
        } catch (Exception e) {
            dedup.close(Duration.ofSeconds(10));
            throw new StackException("cannot start the Flink job: " + e.getMessage(), e);
        }

        String localKey = ApiKeys.newKey();
        Map<String, String> keys = new HashMap<>(sources);
        keys.put(ApiKeys.PREFIX + LOCAL_SOURCE + ".key-sha256", ApiKeys.sha256Hex(localKey));
        keys.put(ApiKeys.PREFIX + LOCAL_SOURCE + ".event-source", "");
        KafkaEventLog log = new KafkaEventLog(endpoints.kafkaBootstrap());
        IngestionService ingestion = new IngestionService(log, Clock.systemUTC(), new IngestionMetrics(), limits);
        IdentityResolverService resolver = new IdentityResolverService(endpoints.kafkaBootstrap(), ingestion);
        Map<String, StageHealth> stages = stages(ingestion, dedup, job, resolver);
        IngestionHttpServer http = new IngestionHttpServer(ingestion, ApiKeys.fromProperties(keys),
                new Webhooks(log, Clock.systemUTC(), IngestionSettings.webhooks(settings)),
                () -> stages.values().stream().allMatch(s -> s.check().working()));
        int port = http.start("127.0.0.1", ingestionPort);
        ManagementHttpServer management = new ManagementHttpServer(ingestion.metrics()::scrape, stages);
        int managementPort = management.start(settings.string("management.host"), settings.port("management.port"));
        resolver.start();
        return new EmbeddedPipeline(log, http, port, dedup, job, localKey, resolver, management, managementPort,
                stages);
    }

    /**
     * What {@code /readyz} and {@code ./mentorpulse run} watch: a stage that stopped (the deduplicator in ERROR
     * after a record it could not survive, a failed Flink job, a dead resolver thread, an unreachable log) makes
     * the pipeline not ready, and makes {@code run} exit non-zero rather than idle dead.
     */
    private static Map<String, StageHealth> stages(IngestionService ingestion, KafkaStreams dedup, JobClient job,
            IdentityResolverService resolver) {
        Map<String, StageHealth> stages = new LinkedHashMap<>();
        stages.put("ingestion", () -> ingestion.isReady() ? StageHealth.Status.working("event log reachable")
                : StageHealth.Status.stopped("event log unreachable"));
        stages.put("deduplicator", () -> {
            KafkaStreams.State state = dedup.state();
            return state.isRunningOrRebalancing() ? StageHealth.Status.working(state.name())
                    : StageHealth.Status.stopped("Kafka Streams state " + state.name());
        });
        stages.put("identity-resolver", () -> resolver.isRunning() ? StageHealth.Status.working("running")
                : StageHealth.Status.stopped("its thread has ended; see the log"));
        stages.put("analytics", () -> {
            try {
                JobStatus status = job.getJobStatus().get(5, TimeUnit.SECONDS);
                return status.isGloballyTerminalState() ? StageHealth.Status.stopped("Flink job " + status.name())
                        : StageHealth.Status.working("Flink job " + status.name());
            } catch (Exception e) {
                return StageHealth.Status.stopped("Flink job status unknown: " + e.getMessage());
            }
        });
        return stages;
    }

    /** The first stage that is not working, with why; empty while all work. */
    public Optional<String> stoppedStage() {
        for (Map.Entry<String, StageHealth> stage : stages.entrySet()) {
            StageHealth.Status status = stage.getValue().check();
            if (!status.working()) {
                return Optional.of(stage.getKey() + ": " + status.detail());
            }
        }
        return Optional.empty();
    }

    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    private static void awaitRunning(KafkaStreams streams, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                throw new StackException("the deduplicator stopped during start-up (state " + streams.state() + ")");
            }
            if (System.nanoTime() > deadline) {
                throw new StackException("the deduplicator did not start within " + timeout.toSeconds() + " s");
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
        return resolver.heldCount();
    }

    /** The local operator's API key for this run of the pipeline. */
    public String localKey() {
        return localKey;
    }

    public int ingestionPort() {
        return ingestionPort;
    }

    public String ingestionUrl() {
        return "http://127.0.0.1:" + ingestionPort;
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
        http.close();
        management.close();
        resolver.close();
        eventLog.close();
        try {
            flinkJob.cancel().get();
        } catch (Exception ignored) {
            // a job that already ended cannot be cancelled; either way it is no longer running
        }
        dedup.close(Duration.ofSeconds(30));
    }
}
