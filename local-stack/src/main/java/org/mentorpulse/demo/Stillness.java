package org.mentorpulse.demo;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * When to stop waiting for the pipeline: once what the wait watches has stood still for longer than allowed, never
 * after a fixed total. A slow machine that keeps making progress is waited for as long as it makes it; a stage
 * that stopped ends the wait within the allowance.
 */
final class Stillness {
    private final Duration allowed;
    private final LongSupplier nanoTime;
    private Object last;
    private long changedAt;
    private boolean seenOnce;

    Stillness(Duration allowed) {
        this(allowed, System::nanoTime);
    }

    Stillness(Duration allowed, LongSupplier nanoTime) {
        this.allowed = allowed;
        this.nanoTime = nanoTime;
    }

    /** Records what was seen now; true when it has not changed for longer than the allowance. */
    boolean stillFor(Object seen) {
        long now = nanoTime.getAsLong();
        if (!seenOnce || !Objects.equals(seen, last)) {
            seenOnce = true;
            last = seen;
            changedAt = now;
            return false;
        }
        return now - changedAt > allowed.toNanos();
    }
}
