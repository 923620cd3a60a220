package org.mentorpulse.bench;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The records a producer gave up on. A writer that sends without looking would leave its topic short without a
 * word, and whatever reads the topic (a replay, a baseline) would quietly work from less; with this it fails.
 */
final class SendFailures implements Callback {
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicReference<Exception> first = new AtomicReference<>();

    @Override
    public void onCompletion(RecordMetadata metadata, Exception error) {
        if (error != null) {
            failed.incrementAndGet();
            first.compareAndSet(null, error);
        }
    }

    /** After the producer's flush: throws if any of the {@code sent} records was not written. */
    void check(String topic, int sent) {
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + sent + " records were not written to " + topic
                    + ": " + first.get().getMessage(), first.get());
        }
    }
}
