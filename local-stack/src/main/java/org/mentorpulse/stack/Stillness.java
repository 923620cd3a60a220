package org.mentorpulse.stack;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The one rule for when to stop waiting on the stack (the demo's catch-up, the alerts read-back, the tests' waits):
 * once what the wait watches has stood still for longer than allowed, never after a fixed total. A slow machine that
 * keeps making progress is waited for as long as it makes it; a stage that stopped ends the wait within the
 * allowance.
 */
public final class Stillness {
    private final Duration allowed;
    private final LongSupplier nanoTime;
    private Object last;
    private long changedAt;
    private boolean seenOnce;

    public Stillness(Duration allowed) {
        this(allowed, System::nanoTime);
    }

    public Stillness(Duration allowed, LongSupplier nanoTime) {
        this.allowed = allowed;
        this.nanoTime = nanoTime;
    }

    /** Records what was seen now; true when it has not changed for longer than the allowance. */
    public boolean stillFor(Object seen) {
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
