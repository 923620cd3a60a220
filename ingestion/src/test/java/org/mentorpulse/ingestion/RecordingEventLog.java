package org.mentorpulse.ingestion;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mentorpulse.schema.DeadLetter;
import org.mentorpulse.ingestion.log.EventLog;
import org.mentorpulse.ingestion.webhooks.VendorEvent;
import org.mentorpulse.schema.MentorPulseEvent;

/** An event log in memory, for the HTTP and service logic; the Kafka side is tested on a real broker. */
public final class RecordingEventLog implements EventLog {
    public final List<MentorPulseEvent> appended = new CopyOnWriteArrayList<>();
    public final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    public final List<VendorEvent> held = new CopyOnWriteArrayList<>();
    public volatile boolean failing;

    @Override
    public CompletableFuture<Void> append(MentorPulseEvent event) {
        if (failing) {
            return CompletableFuture.failedFuture(new IllegalStateException("broker away"));
        }
        appended.add(event);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> deadLetter(DeadLetter letter) {
        if (failing) {
            return CompletableFuture.failedFuture(new IllegalStateException("broker away"));
        }
        deadLetters.add(letter);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> holdForResolution(VendorEvent event) {
        if (failing) {
            return CompletableFuture.failedFuture(new IllegalStateException("broker away"));
        }
        held.add(event);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean isReachable() {
        return !failing;
    }

    @Override
    public void close() {}
}
