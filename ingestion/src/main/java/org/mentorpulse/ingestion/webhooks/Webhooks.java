package org.mentorpulse.ingestion.webhooks;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mentorpulse.ingestion.EventLogUnavailableException;
import org.mentorpulse.ingestion.IngestionService;
import org.mentorpulse.schema.DeadLetter;
import org.mentorpulse.ingestion.log.EventLog;
import org.mentorpulse.ingestion.validation.FieldError;
import org.mentorpulse.ingestion.validation.RejectionCode;
import org.mentorpulse.schema.MentorPulseVersion;

/**
 * The configured vendor adapters behind {@code POST /v1/webhooks/{vendor}}. Mapped events are kept in the
 * pending topic before the vendor gets its 2xx, so a webhook answered is a webhook that will not be lost;
 * identity resolution takes them from there. Notifications an adapter cannot map are dead-lettered with the
 * reason, so they are visible in {@code rejected_events}.
 */
public final class Webhooks {
    private final Map<String, WebhookAdapter> adapters = new TreeMap<>();
    private final EventLog log;
    private final Clock clock;

    public Webhooks(EventLog log, Clock clock, List<WebhookAdapter> adapters) {
        this.log = log;
        this.clock = clock;
        adapters.forEach(a -> this.adapters.put(a.name(), a));
    }

    public Optional<WebhookAdapter> adapter(String name) {
        return Optional.ofNullable(adapters.get(name));
    }

    public java.util.Set<String> names() {
        return adapters.keySet();
    }

    /** Handles one request; throws {@link EventLogUnavailableException} when its events cannot be kept. */
    public WebhookResult handle(WebhookAdapter adapter, WebhookRequest request) {
        WebhookResult result = adapter.handle(request);
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (VendorEvent event : result.events()) {
            writes.add(log.holdForResolution(event));
        }
        for (String reason : result.unmappable()) {
            writes.add(log.deadLetter(new DeadLetter(IngestionService.COMPONENT, MentorPulseVersion.VERSION,
                    clock.instant().toString(), adapter.name(), adapter.source(), null, null,
                    List.of(new FieldError("$", RejectionCode.UNMAPPABLE, reason).toReason()),
                    "(vendor notification)", DeadLetter.JSON_PAYLOAD)));
        }
        try {
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new EventLogUnavailableException("cannot keep the " + adapter.name() + " events: " + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventLogUnavailableException("interrupted", e);
        }
        return result;
    }
}
