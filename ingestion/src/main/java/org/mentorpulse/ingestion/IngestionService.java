package org.mentorpulse.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mentorpulse.ingestion.log.DeadLetter;
import org.mentorpulse.ingestion.log.EventLog;
import org.mentorpulse.ingestion.metrics.IngestionMetrics;
import org.mentorpulse.ingestion.validation.EventValidator;
import org.mentorpulse.ingestion.validation.FieldError;
import org.mentorpulse.ingestion.validation.ValidationResult;

/**
 * Validates a batch of CloudEvents, appends the good ones and dead-letters the bad ones, and answers per
 * event only after every write is durable. If any write fails, the whole batch is reported as not stored
 * ({@link EventLogUnavailableException}) so the sender retries it; duplicates from such a retry are removed
 * downstream by (source, id), which is why retrying everything is safe.
 */
public final class IngestionService {
    public static final String VERSION = "0.1.0";
    private static final long WRITE_TIMEOUT_SECONDS = 30;

    private final EventValidator validator = new EventValidator();
    private final EventLog log;
    private final Clock clock;
    private final IngestionMetrics metrics;

    public IngestionService(EventLog log, Clock clock, IngestionMetrics metrics) {
        this.log = log;
        this.clock = clock;
        this.metrics = metrics;
    }

    public IngestionMetrics metrics() {
        return metrics;
    }

    public record EventOutcome(int index, String source, String id, String status,
            List<FieldError> errors) {}

    public List<EventOutcome> ingest(List<JsonNode> events) {
        Instant receivedAt = clock.instant();
        List<EventOutcome> outcomes = new ArrayList<>(events.size());
        List<CompletableFuture<Void>> writes = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            JsonNode node = events.get(i);
            ValidationResult result = validator.validate(node, receivedAt);
            if (result.isAccepted()) {
                writes.add(log.append(result.event()));
                outcomes.add(new EventOutcome(i, result.source(), result.id(), "accepted", List.of()));
            } else {
                String type = node != null && node.path("type").isTextual() ? node.get("type").asText() : null;
                writes.add(log.deadLetter(new DeadLetter(DeadLetter.COMPONENT, VERSION, receivedAt,
                        result.source(), result.id(), type, result.errors(), String.valueOf(node))));
                outcomes.add(new EventOutcome(i, result.source(), result.id(), "rejected", result.errors()));
            }
        }
        try {
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
                    .get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            metrics.unavailable();
            throw new EventLogUnavailableException("the event log refused the write: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            metrics.unavailable();
            throw new EventLogUnavailableException("the event log did not confirm the write within "
                    + WRITE_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventLogUnavailableException("interrupted while writing", e);
        }
        // counted only once durable, so the numbers say what was stored, not what was attempted
        for (EventOutcome outcome : outcomes) {
            if (outcome.errors().isEmpty()) {
                metrics.accepted(1);
            } else {
                metrics.rejected(outcome.errors());
            }
        }
        return outcomes;
    }

    public boolean isReady() {
        return log.isReachable();
    }
}
