package org.mentorpulse.ingestion;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.mentorpulse.config.ConfigurationException;
import org.mentorpulse.config.Settings;
import org.mentorpulse.ingestion.auth.ApiKeys;
import org.mentorpulse.ingestion.config.IngestionSettings;
import org.mentorpulse.ingestion.http.IngestionHttpServer;
import org.mentorpulse.ingestion.http.ManagementHttpServer;
import org.mentorpulse.ingestion.http.StageHealth;
import org.mentorpulse.ingestion.identity.IdentityResolverService;
import org.mentorpulse.ingestion.log.KafkaEventLog;
import org.mentorpulse.ingestion.metrics.IngestionMetrics;
import org.mentorpulse.ingestion.webhooks.Webhooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingestion service as it runs in production: the HTTP API ({@code POST /v1/events} and the vendor
 * webhooks), identity resolution of vendor events, and the management port. {@link #main} runs it on its own;
 * the local stack starts the same thing inside its one process, adding its other stages to the health checks.
 */
public final class IngestionApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestionApp.class);

    private final KafkaEventLog log;
    private final IngestionHttpServer http;
    private final ManagementHttpServer management;
    private final IdentityResolverService resolver;
    private final Map<String, StageHealth> stages;
    private final int apiPort;
    private final int managementPort;

    private IngestionApp(KafkaEventLog log, IngestionHttpServer http, ManagementHttpServer management,
            IdentityResolverService resolver, Map<String, StageHealth> stages, int apiPort, int managementPort) {
        this.log = log;
        this.http = http;
        this.management = management;
        this.resolver = resolver;
        this.stages = stages;
        this.apiPort = apiPort;
        this.managementPort = managementPort;
    }

    /**
     * Starts the service against the Kafka cluster at {@code bootstrapServers}.
     *
     * @param keys the sources' key settings ({@code ingestion.sources.*}), the configured ones and any the caller
     *     adds (the local stack's one-off operator key)
     * @param otherStages stages that run beside it in the same process, reported on its health endpoints too
     * @param apiPort the API's port (0: a free one)
     */
    public static IngestionApp start(Settings settings, String bootstrapServers, Map<String, String> keys,
            Map<String, StageHealth> otherStages, int apiPort) {
        IngestionLimits limits = IngestionSettings.limits(settings);
        ApiKeys apiKeys = ApiKeys.fromProperties(keys);
        KafkaEventLog log = new KafkaEventLog(bootstrapServers);
        IngestionService ingestion = new IngestionService(log, Clock.systemUTC(), new IngestionMetrics(), limits);
        IdentityResolverService resolver = new IdentityResolverService(bootstrapServers, ingestion);
        Map<String, StageHealth> stages = new LinkedHashMap<>();
        stages.put("ingestion", () -> ingestion.isReady() ? StageHealth.Status.working("event log reachable")
                : StageHealth.Status.stopped("event log unreachable"));
        stages.put("identity-resolver", () -> resolver.isRunning() ? StageHealth.Status.working("running")
                : StageHealth.Status.stopped("its thread has ended; see the log"));
        stages.putAll(otherStages);
        IngestionHttpServer http = new IngestionHttpServer(ingestion, apiKeys,
                new Webhooks(log, Clock.systemUTC(), IngestionSettings.webhooks(settings)),
                () -> stages.values().stream().allMatch(s -> s.checkSafely().working()));
        ManagementHttpServer management = new ManagementHttpServer(ingestion.metrics()::scrape, stages);
        int boundApi;
        int boundManagement;
        try {
            boundApi = http.start(settings.string("ingestion.host"), apiPort);
            boundManagement = management.start(settings.string("management.host"), settings.port("management.port"));
        } catch (RuntimeException e) {
            http.close();
            management.close();
            log.close();
            throw e;
        }
        resolver.start();
        return new IngestionApp(log, http, management, resolver, stages, boundApi, boundManagement);
    }

    /** The first stage that is not working, with why; empty while all work. */
    public Optional<String> stoppedStage() {
        for (Map.Entry<String, StageHealth> stage : stages.entrySet()) {
            StageHealth.Status status = stage.getValue().checkSafely();
            if (!status.working()) {
                return Optional.of(stage.getKey() + ": " + status.detail());
            }
        }
        return Optional.empty();
    }

    public int apiPort() {
        return apiPort;
    }

    public int managementPort() {
        return managementPort;
    }

    /** Vendor events still waiting for identity resolution. */
    public int heldForIdentity() {
        return resolver.heldCount();
    }

    @Override
    public void close() {
        http.close();
        management.close();
        resolver.close();
        log.close();
    }

    /**
     * {@code java -cp ... org.mentorpulse.ingestion.IngestionApp --kafka.bootstrap-servers kafka:9092
     * [--config FILE] [--key value ...]}: runs until stopped; exits 1 when a stage stops, 2 on bad settings.
     */
    public static void main(String[] args) throws InterruptedException {
        IngestionApp app;
        try {
            Settings settings = Settings.fromCommandLine(IngestionSettings.LAYOUT, args);
            String bootstrap = settings.string("kafka.bootstrap-servers");
            if (bootstrap.isEmpty()) {
                throw new ConfigurationException("set kafka.bootstrap-servers (MENTORPULSE_KAFKA_BOOTSTRAP_SERVERS)");
            }
            app = start(settings, bootstrap, settings.withPrefix(ApiKeys.PREFIX), Map.of(),
                    settings.port("ingestion.port"));
        } catch (ConfigurationException | IllegalArgumentException e) {
            System.err.println("mentorpulse ingestion: " + e.getMessage());
            System.exit(2);
            return;
        }
        LOG.info("ingestion API on port {}, management on port {}", app.apiPort(), app.managementPort());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }));
        Optional<String> dead;
        while ((dead = app.stoppedStage()).isEmpty()) {
            if (stopped.await(5, java.util.concurrent.TimeUnit.SECONDS)) {
                return;
            }
        }
        LOG.error("a stage stopped ({}); exiting", dead.get());
        System.exit(1);
    }
}
