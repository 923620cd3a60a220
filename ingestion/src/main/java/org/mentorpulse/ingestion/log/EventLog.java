package org.mentorpulse.ingestion.log;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.mentorpulse.ingestion.webhooks.VendorEvent;
import org.mentorpulse.schema.DeadLetter;
import org.mentorpulse.schema.MentorPulseEvent;

/**
 * Where accepted and refused events go. A returned future completes only once the write is durable
 * (for Kafka: acknowledged by all in-sync replicas), which is what lets the HTTP layer answer 2xx honestly.
 */
public interface EventLog extends AutoCloseable {
    CompletableFuture<Void> append(MentorPulseEvent event);

    /** Appends several events, in order; completes once all are durable, fails if any write fails. */
    default CompletableFuture<Void> appendAll(List<MentorPulseEvent> events) {
        return CompletableFuture.allOf(events.stream().map(this::append).toArray(CompletableFuture[]::new));
    }

    CompletableFuture<Void> deadLetter(DeadLetter letter);

    /** Keeps a vendor event until identity resolution can place it (see IdentityResolverService). */
    CompletableFuture<Void> holdForResolution(VendorEvent event);

    boolean isReachable();

    @Override
    void close();
}
