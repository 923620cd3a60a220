package org.mentorpulse.ingestion.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mentorpulse.ingestion.EventLogUnavailableException;
import org.mentorpulse.ingestion.IngestionService;
import org.mentorpulse.ingestion.IngestionService.EventOutcome;
import org.mentorpulse.ingestion.validation.FieldError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/events} in CloudEvents structured mode (one event) and batch mode (a JSON array), plus
 * {@code /healthz}, {@code /readyz} and {@code /metrics} (Prometheus). Status: 200 all accepted, 207 some refused, 400 none accepted,
 * 503 with Retry-After when the events could not be made durable.
 */
public final class IngestionHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestionHttpServer.class);
    static final String STRUCTURED = "application/cloudevents+json";
    static final String BATCH = "application/cloudevents-batch+json";
    private static final long MAX_BODY_BYTES = 5L * 1024 * 1024;

    private final IngestionService service;
    private final ObjectMapper json = new ObjectMapper();
    private final Javalin app;

    public IngestionHttpServer(IngestionService service) {
        this.service = service;
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_BODY_BYTES;
        });
        app.post("/v1/events", ctx -> {
            long start = System.nanoTime();
            try {
                postEvents(ctx);
            } finally {
                service.metrics().requestTook(java.time.Duration.ofNanos(System.nanoTime() - start));
            }
        });
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(service.metrics().scrape()));
        app.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
        app.get("/readyz", ctx -> {
            boolean ready = service.isReady();
            ctx.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                    .json(Map.of("status", ready ? "ready" : "event log unreachable"));
        });
    }

    /** Starts listening on 127.0.0.1 and returns the bound port (0 picks a free one). */
    public int start(String host, int port) {
        app.start(host, port);
        return app.port();
    }

    private void postEvents(Context ctx) {
        String contentType = ctx.contentType() == null ? "" : ctx.contentType().split(";")[0].strip();
        boolean batchMode = contentType.equals(BATCH);
        if (!batchMode && !contentType.equals(STRUCTURED) && !contentType.equals("application/json")) {
            problem(ctx, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type",
                    "must be " + STRUCTURED + " (one event) or " + BATCH + " (an array of events), not '"
                            + contentType + "'");
            return;
        }
        JsonNode body;
        try {
            body = json.readTree(ctx.bodyAsBytes());
        } catch (JsonProcessingException e) {
            problem(ctx, HttpStatus.BAD_REQUEST, "$", "the body is not valid JSON: " + e.getOriginalMessage());
            return;
        } catch (IOException e) {
            problem(ctx, HttpStatus.BAD_REQUEST, "$", "the body could not be read: " + e.getMessage());
            return;
        }
        List<JsonNode> events = new ArrayList<>();
        if (batchMode) {
            if (body == null || !body.isArray()) {
                problem(ctx, HttpStatus.BAD_REQUEST, "$", "batch mode needs a JSON array of events");
                return;
            }
            body.forEach(events::add);
        } else if (body != null && body.isArray() && contentType.equals("application/json")) {
            body.forEach(events::add);
        } else {
            events.add(body);
        }
        List<EventOutcome> outcomes;
        try {
            outcomes = service.ingest(events);
        } catch (EventLogUnavailableException e) {
            LOG.warn("refusing {} events: {}", events.size(), e.getMessage());
            ctx.header("Retry-After", "5");
            problem(ctx, HttpStatus.SERVICE_UNAVAILABLE, "$", "events not stored, retry later: " + e.getMessage());
            return;
        }
        long accepted = outcomes.stream().filter(o -> o.status().equals("accepted")).count();
        long rejected = outcomes.size() - accepted;
        HttpStatus status = rejected == 0 ? HttpStatus.OK
                : accepted == 0 ? HttpStatus.BAD_REQUEST : HttpStatus.MULTI_STATUS;
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("accepted", accepted);
        response.put("rejected", rejected);
        response.put("results", outcomes);
        ctx.status(status).json(response);
    }

    private static void problem(Context ctx, HttpStatus status, String field, String reason) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("accepted", 0);
        response.put("rejected", 0);
        response.put("errors", List.of(new FieldError(field, reason)));
        ctx.status(status).json(response);
    }

    @Override
    public void close() {
        app.stop();
    }
}
