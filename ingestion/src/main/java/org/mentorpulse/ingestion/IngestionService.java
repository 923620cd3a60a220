package org.mentorpulse.ingestion;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mentorpulse.ingestion.auth.SourceCredential;
import org.mentorpulse.schema.DeadLetter;
import org.mentorpulse.ingestion.log.EventLog;
import org.mentorpulse.ingestion.metrics.IngestionMetrics;
import org.mentorpulse.ingestion.privacy.ContentPruner;
import org.mentorpulse.ingestion.validation.EventValidator;
import org.mentorpulse.ingestion.validation.FieldError;
import org.mentorpulse.ingestion.validation.RejectionCode;
import org.mentorpulse.ingestion.validation.ValidationResult;
import org.mentorpulse.schema.MentorPulseEvent;
import org.mentorpulse.schema.MentorPulseVersion;

/**
 * Validates a batch of CloudEvents, appends the good ones and dead-letters the bad ones, and answers per
 * event only after every write is durable. If any write fails, the whole batch is reported as not stored
 * ({@link EventLogUnavailableException}) so the sender retries it; duplicates from such a retry are removed
 * downstream by (source, id), which is why retrying everything is safe.
 */
public final class IngestionService {
    /** Who refused, in the dead letters of ingestion and its webhooks. */
    public static final String COMPONENT = "mentorpulse-ingestion";
    private static final long WRITE_TIMEOUT_SECONDS = 30;
    private static final int RECENT_IDS = 200_000;

    private final EventValidator validator;
    private final EventLog log;
    private final Clock clock;
    private final IngestionMetrics metrics;
    private final IngestionLimits limits;
    private final RecentEventIds recent = new RecentEventIds(RECENT_IDS);

    public IngestionService(EventLog log, Clock clock, IngestionMetrics metrics, IngestionLimits limits) {
        this.log = log;
        this.clock = clock;
        this.metrics = metrics;
        this.limits = limits;
        this.validator = new EventValidator(limits.eventTime());
    }

    public IngestionMetrics metrics() {
        return metrics;
    }

    public IngestionLimits limits() {
        return limits;
    }

    /**
     * One event as it arrived and how many bytes it took on the wire: either its JSON text, with the event read
     * from it already when it was plainly valid ({@link EventValidator#readPlainlyValid}; such an event never
     * becomes a tree), or the tree a webhook, a file or the binary mode made of it.
     */
    public static final class ReceivedEvent {
        private final byte[] text;
        private final int offset;
        private final int sizeBytes;
        private final ObjectMapper reader;
        private final MentorPulseEvent plainlyValid;
        private JsonNode json;
        private String unreadable;

        public ReceivedEvent(JsonNode json, int sizeBytes) {
            this(null, 0, sizeBytes, null, null);
            this.json = json;
        }

        private ReceivedEvent(byte[] text, int offset, int sizeBytes, ObjectMapper reader,
                MentorPulseEvent plainlyValid) {
            this.text = text;
            this.offset = offset;
            this.sizeBytes = sizeBytes;
            this.reader = reader;
            this.plainlyValid = plainlyValid;
        }

        /**
         * The event at {@code text[offset, offset + length)}, read as a tree with {@code reader} if it must be;
         * {@code plainlyValid} is what {@link EventValidator#readPlainlyValid} made of it, or null.
         */
        public static ReceivedEvent ofText(byte[] text, int offset, int length, ObjectMapper reader,
                MentorPulseEvent plainlyValid) {
            return new ReceivedEvent(text, offset, length, reader, plainlyValid);
        }

        public int sizeBytes() {
            return sizeBytes;
        }

        /** The event as a tree, read from its text the first time; null when the text is not JSON after all. */
        public JsonNode json() {
            if (json == null && text != null && unreadable == null) {
                try {
                    json = reader.readTree(text, offset, sizeBytes);
                } catch (IOException e) {
                    unreadable = e.getMessage();
                }
            }
            return json;
        }
    }

    public enum Status { accepted, duplicate, rejected }

    /** One line of the answer; {@code errors} is left out unless the event was rejected. */
    public record EventOutcome(int index, String source, String id, Status status,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FieldError> errors) {}

    public List<EventOutcome> ingest(List<ReceivedEvent> events, SourceCredential sender) {
        Instant receivedAt = clock.instant();
        List<EventOutcome> outcomes = new ArrayList<>(events.size());
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        List<MentorPulseEvent> accepted = new ArrayList<>(events.size());
        Set<RecentEventIds.Key> appended = new HashSet<>(events.size() * 2);
        for (int i = 0; i < events.size(); i++) {
            ValidationResult result = check(events.get(i), receivedAt, sender);
            if (result.isAccepted()) {
                RecentEventIds.Key key = new RecentEventIds.Key(result.source(), result.id());
                if (appended.contains(key) || recent.contains(key)) {
                    outcomes.add(new EventOutcome(i, result.source(), result.id(), Status.duplicate, List.of()));
                    continue;
                }
                appended.add(key);
                accepted.add(result.event());
                outcomes.add(new EventOutcome(i, result.source(), result.id(), Status.accepted, List.of()));
            } else {
                JsonNode node = events.get(i).json();
                String type = node != null && node.path("type").isTextual() ? node.get("type").asText() : null;
                writes.add(log.deadLetter(new DeadLetter(COMPONENT, MentorPulseVersion.VERSION,
                        receivedAt.toString(), sender.name(), result.source(), result.id(), type,
                        FieldError.toReasons(result.errors()), String.valueOf(ContentPruner.prune(node)),
                        DeadLetter.JSON_PAYLOAD)));
                outcomes.add(new EventOutcome(i, result.source(), result.id(), Status.rejected, result.errors()));
            }
        }
        writes.add(log.appendAll(accepted));
        awaitDurable(writes);
        // remembered and counted only once durable, so the numbers say what was stored, not what was attempted
        recent.rememberAll(appended);
        metrics.accepted(appended.size());
        for (EventOutcome outcome : outcomes) {
            if (outcome.status() == Status.duplicate) {
                metrics.duplicate();
            } else if (outcome.status() == Status.rejected) {
                metrics.rejected(outcome.errors());
            }
        }
        return outcomes;
    }

    private ValidationResult check(ReceivedEvent event, Instant receivedAt, SourceCredential sender) {
        if (event.sizeBytes() > limits.maxEventBytes()) {
            JsonNode json = event.json();
            return ValidationResult.rejected(text(json, "source"), text(json, "id"), List.of(new FieldError("$",
                    RejectionCode.TOO_LARGE, "the event takes " + event.sizeBytes() + " bytes; at most "
                            + limits.maxEventBytes() + " are accepted")));
        }
        ValidationResult result = event.plainlyValid == null ? null
                : validator.acceptPlain(event.plainlyValid, receivedAt);
        if (result == null) {
            JsonNode json = event.json();
            result = json == null && event.unreadable != null
                    ? ValidationResult.rejected(null, null, List.of(new FieldError("$", RejectionCode.MALFORMED,
                            "the event is not valid JSON: " + event.unreadable)))
                    : validator.validate(json, receivedAt);
        }
        if (result.isAccepted() && !sender.mayWrite(result.source())) {
            return ValidationResult.rejected(result.source(), result.id(), List.of(new FieldError("source",
                    RejectionCode.SOURCE_NOT_ALLOWED, "the key of source '" + sender.name()
                            + "' may only send events whose source starts with '" + sender.allowedSourcePrefix()
                            + "'")));
        }
        if (result.isAccepted() && !sender.maySend(result.event().getType())) {
            return ValidationResult.rejected(result.source(), result.id(), List.of(new FieldError("type",
                    RejectionCode.SOURCE_NOT_ALLOWED, "only an operator key may send " + result.event().getType()
                            + " (a program manager's action on an alert); the key of source '" + sender.name()
                            + "' is not one")));
        }
        return result;
    }

    private static String text(JsonNode json, String field) {
        return json != null && json.path(field).isTextual() ? json.get(field).asText() : null;
    }

    private void awaitDurable(List<CompletableFuture<Void>> writes) {
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
    }

    public boolean isReady() {
        return log.isReachable();
    }
}
