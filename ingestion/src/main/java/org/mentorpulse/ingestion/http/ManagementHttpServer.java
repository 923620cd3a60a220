package org.mentorpulse.ingestion.http;

import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The operators' port: {@code /metrics} (Prometheus), {@code /healthz} and {@code /readyz} with every stage's
 * state. It binds to loopback unless configured otherwise ({@code management.host}): metrics say how much data
 * flows from which source, which is not for whoever can reach the API port. The API port keeps a
 * {@code /readyz} for load balancers that says ready or not, and nothing more.
 */
public final class ManagementHttpServer implements AutoCloseable {
    private final Javalin app;

    public ManagementHttpServer(Supplier<String> metrics, Map<String, StageHealth> stages) {
        this.app = Javalin.create(config -> config.showJavalinBanner = false);
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.get()));
        app.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
        app.get("/readyz", ctx -> {
            Map<String, Object> body = new LinkedHashMap<>();
            Map<String, Object> byStage = new LinkedHashMap<>();
            boolean ready = true;
            for (Map.Entry<String, StageHealth> stage : stages.entrySet()) {
                StageHealth.Status status = stage.getValue().checkSafely();
                ready &= status.working();
                byStage.put(stage.getKey(), Map.of("working", status.working(), "detail", status.detail()));
            }
            body.put("status", ready ? "ready" : "not ready");
            body.put("stages", byStage);
            ctx.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(body);
        });
    }

    /** Starts listening and returns the bound port (0 picks a free one). */
    public int start(String host, int port) {
        app.start(host, port);
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
