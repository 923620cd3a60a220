package org.mentorpulse.ingestion.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.mentorpulse.ingestion.EventLogUnavailableException;
import org.mentorpulse.ingestion.IngestionService;
import org.mentorpulse.ingestion.IngestionService.EventOutcome;
import org.mentorpulse.ingestion.IngestionService.ReceivedEvent;
import org.mentorpulse.ingestion.IngestionService.Status;
import org.mentorpulse.ingestion.auth.ApiKeys;
import org.mentorpulse.ingestion.auth.SourceCredential;
import org.mentorpulse.ingestion.validation.FieldError;
import org.mentorpulse.ingestion.validation.RejectionCode;
import org.mentorpulse.ingestion.webhooks.CalendarAdapter;
import org.mentorpulse.ingestion.webhooks.WebhookRequest;
import org.mentorpulse.ingestion.webhooks.WebhookResult;
import org.mentorpulse.ingestion.webhooks.Webhooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/events} (CloudEvents structured, batch and binary modes, see {@link CloudEventsRequest}),
 * authenticated per source with {@code Authorization: Bearer <key>}, plus {@code /healthz} and {@code /readyz}
 * (ready or not; metrics and details are on the management port, {@link ManagementHttpServer}). Status: 200 when every event is accepted or a duplicate, 207 when some
 * were refused, 400 when none was accepted, 401 without a valid key, 413 over a size limit, 503 with
 * Retry-After when the events could not be made durable.
 */
public final class IngestionHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestionHttpServer.class);
    private static final ObjectMapper ANSWER_JSON = new ObjectMapper();

    private final IngestionService service;
    private final ApiKeys apiKeys;
    private final CloudEventsRequest reader;
    private final Javalin app;
    private final Supplier<Boolean> readiness;

    public IngestionHttpServer(IngestionService service, ApiKeys apiKeys) {
        this(service, apiKeys, null);
    }

    /** With vendor webhooks on {@code POST /v1/webhooks/{vendor}} (null: none). */
    public IngestionHttpServer(IngestionService service, ApiKeys apiKeys, Webhooks webhooks) {
        this(service, apiKeys, webhooks, service::isReady);
    }

    /** @param readiness whether every stage of the pipeline behind this API works (see {@link StageHealth}) */
    public IngestionHttpServer(IngestionService service, ApiKeys apiKeys, Webhooks webhooks,
            Supplier<Boolean> readiness) {
        this.readiness = readiness;
        this.service = service;
        this.apiKeys = apiKeys;
        this.reader = new CloudEventsRequest(service.limits());
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = service.limits().maxBodyBytes();
        });
        app.post("/v1/events", ctx -> {
            long start = System.nanoTime();
            try {
                postEvents(ctx);
            } finally {
                service.metrics().requestTook(Duration.ofNanos(System.nanoTime() - start));
            }
        });
        if (webhooks != null) {
            app.post("/v1/webhooks/{vendor}", ctx -> webhook(ctx, webhooks));
        }
        // metrics and the stages' details are on the management port (ManagementHttpServer); here only whether
        // to send traffic, which says nothing about the data
        app.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
        app.get("/readyz", ctx -> {
            boolean ready = readiness.get();
            ctx.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                    .json(Map.of("status", ready ? "ready" : "not ready"));
        });
    }

    /** Starts listening and returns the bound port (0 picks a free one). */
    public int start(String host, int port) {
        app.start(host, port);
        return app.port();
    }

    private void postEvents(Context ctx) {
        ApiKeys.Check check = apiKeys.check(ctx.header("Authorization"));
        if (check instanceof ApiKeys.Refused refused) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"mentorpulse\"");
            problem(ctx, 401, new FieldError("Authorization", RejectionCode.INVALID_VALUE, refused.reason()));
            return;
        }
        SourceCredential sender = ((ApiKeys.Allowed) check).credential();
        byte[] body = body(ctx);
        if (body == null) {
            return;
        }
        CloudEventsRequest.Result read = reader.read(ctx.header("Content-Type"), ctx::header, body);
        if (read instanceof CloudEventsRequest.Problem p) {
            problem(ctx, p.status(), p.error());
            return;
        }
        List<ReceivedEvent> events = ((CloudEventsRequest.Events) read).events();
        List<EventOutcome> outcomes;
        try {
            outcomes = service.ingest(events, sender);
        } catch (EventLogUnavailableException e) {
            LOG.warn("refusing {} events from source {}: {}", events.size(), sender.name(), e.getMessage());
            ctx.header("Retry-After", "5");
            problem(ctx, 503, new FieldError("$", RejectionCode.UNAVAILABLE,
                    "events not stored, retry later: " + e.getMessage()));
            return;
        }
        Map<Status, Long> counts = new EnumMap<>(Status.class);
        for (Status s : Status.values()) {
            counts.put(s, outcomes.stream().filter(o -> o.status() == s).count());
        }
        long rejected = counts.get(Status.rejected);
        HttpStatus status = rejected == 0 ? HttpStatus.OK
                : rejected == outcomes.size() ? HttpStatus.BAD_REQUEST : HttpStatus.MULTI_STATUS;
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("accepted", counts.get(Status.accepted));
        response.put("duplicates", counts.get(Status.duplicate));
        response.put("rejected", rejected);
        response.put("results", outcomes);
        answer(ctx, status.getCode(), response);
    }

    private void webhook(Context ctx, Webhooks webhooks) {
        String vendor = ctx.pathParam("vendor");
        var adapter = webhooks.adapter(vendor);
        if (adapter.isEmpty()) {
            problem(ctx, 404, new FieldError("vendor", RejectionCode.INVALID_VALUE, "no webhook '" + vendor
                    + "' is configured here; configured: " + webhooks.names()));
            return;
        }
        if (adapter.get() instanceof CalendarAdapter) {
            // a calendar connector is one of our senders, with an API key, not a vendor with its own signature
            if (apiKeys.check(ctx.header("Authorization")) instanceof ApiKeys.Refused refused) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"mentorpulse\"");
                problem(ctx, 401, new FieldError("Authorization", RejectionCode.INVALID_VALUE, refused.reason()));
                return;
            }
        }
        byte[] body = body(ctx);
        if (body == null) {
            return;
        }
        Map<String, String> headers = new HashMap<>();
        ctx.headerMap().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        Map<String, String> query = new HashMap<>();
        ctx.queryParamMap().forEach((name, values) -> query.put(name, values.isEmpty() ? "" : values.get(0)));
        WebhookResult result;
        try {
            result = webhooks.handle(adapter.get(), new WebhookRequest(headers, query, body, Instant.now()));
        } catch (EventLogUnavailableException e) {
            LOG.warn("refusing a {} webhook: {}", vendor, e.getMessage());
            ctx.header("Retry-After", "5");
            problem(ctx, 503, new FieldError("$", RejectionCode.UNAVAILABLE, "not stored, retry later"));
            service.metrics().webhook(vendor, 503);
            return;
        }
        service.metrics().webhook(vendor, result.status());
        ctx.status(result.status()).contentType(result.contentType()).result(result.body());
    }

    /** The request body, or null after answering 413 when it is over the limit. */
    private byte[] body(Context ctx) {
        try {
            return ctx.bodyAsBytes();
        } catch (HttpResponseException e) {
            problem(ctx, e.getStatus(), new FieldError("$", RejectionCode.TOO_LARGE, "the body is larger than "
                    + service.limits().maxBodyBytes() + " bytes; send less per request"));
            return null;
        }
    }

    private static void problem(Context ctx, int status, FieldError error) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("accepted", 0);
        response.put("duplicates", 0);
        response.put("rejected", 0);
        response.put("errors", List.of(error));
        answer(ctx, status, response);
    }

    /**
     * Writes the answer as UTF-8 bytes at once. Javalin's {@code ctx.json} makes a String first, which the server
     * then encodes again; with a line per event, a batch's answer is tens of kilobytes.
     */
    private static void answer(Context ctx, int status, Map<String, Object> response) {
        try {
            ctx.status(status).contentType(ContentType.APPLICATION_JSON)
                    .result(ANSWER_JSON.writeValueAsBytes(response));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the answer", e);
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}
