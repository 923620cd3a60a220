package org.mentorpulse.ingestion.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.mentorpulse.ingestion.validation.FieldError;

/**
 * What ingestion counts, exposed in the Prometheus text format on {@code GET /metrics}: events accepted, duplicate
 * and rejected, rejections by field and reason code, requests refused because the event log was unavailable, request latency.
 */
public final class IngestionMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter accepted = Counter.builder("mentorpulse.ingestion.events").tag("outcome", "accepted")
            .description("events accepted and durably appended").register(registry);
    private final Counter rejected = Counter.builder("mentorpulse.ingestion.events").tag("outcome", "rejected")
            .description("events refused and dead-lettered").register(registry);
    private final Counter duplicate = Counter.builder("mentorpulse.ingestion.events").tag("outcome", "duplicate")
            .description("events already stored (same source and id), not written again").register(registry);
    private final Counter unavailable = Counter.builder("mentorpulse.ingestion.unavailable")
            .description("requests answered 503 because the event log could not confirm the write")
            .register(registry);
    private final Timer requests = Timer.builder("mentorpulse.ingestion.request")
            .description("time to answer POST /v1/events").publishPercentileHistogram().register(registry);

    public void accepted(int count) {
        accepted.increment(count);
    }

    public void duplicate() {
        duplicate.increment();
    }

    /** Counts one refused event under each distinct (field, reason code) it was refused for. */
    public void rejected(List<FieldError> errors) {
        rejected.increment();
        errors.stream().map(e -> List.of(fieldLabel(e.field()), e.code().label())).distinct().forEach(label ->
                Counter.builder("mentorpulse.ingestion.rejections").tag("field", label.get(0))
                        .tag("reason", label.get(1))
                        .description("refused events by the field that was wrong and why").register(registry)
                        .increment());
    }

    /** One vendor webhook request, by vendor and the status it was answered with. */
    public void webhook(String vendor, int status) {
        Counter.builder("mentorpulse.ingestion.webhooks").tag("vendor", vendor).tag("status", Integer.toString(status))
                .description("vendor webhook requests by answer").register(registry).increment();
    }

    public void unavailable() {
        unavailable.increment();
    }

    public void requestTook(Duration duration) {
        requests.record(duration);
    }

    public String scrape() {
        return registry.scrape();
    }

    /**
     * Field paths become label values, so array positions are folded ({@code data.attendee_ids[7]} counts as
     * {@code data.attendee_ids[]}): one label per field of the schema, not one per input.
     */
    static String fieldLabel(String field) {
        return field.replaceAll("\\[\\d+]", "[]");
    }
}
