package org.mentorpulse.testing;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.mentorpulse.stack.Stillness;

/**
 * Waits for something the stack does on its own: rows reaching ClickHouse, an app catching up, mail arriving.
 *
 * <p>A wait gives up only when what it watches has stood still for longer than {@link #STALLED} ({@link Stillness},
 * the rule the demo's waits follow too), never after a fixed total: a slow machine that keeps making progress is
 * waited for as long as it makes it, and a stage that has stopped fails the test within minutes, naming what was
 * awaited and what was seen last. The pause between two looks decides how
 * often the test looks, never what it concludes.
 */
public final class Waiting {
    /** How long what a wait watches may stay the same before the wait gives up. */
    public static final Duration STALLED = Duration.ofMinutes(2);
    private static final Duration PAUSE = Duration.ofMillis(250);

    /** One look at the stack; it may also assert that a stage is still running. */
    @FunctionalInterface
    public interface Look<T> {
        T get() throws Exception;
    }

    @FunctionalInterface
    interface Pause {
        void pause(Duration d) throws InterruptedException;
    }

    private final LongSupplier nanoTime;
    private final Pause pause;
    private final Duration stalled;

    Waiting(LongSupplier nanoTime, Pause pause, Duration stalled) {
        this.nanoTime = nanoTime;
        this.pause = pause;
        this.stalled = stalled;
    }

    /**
     * Looks until {@code done} holds for what is seen, and returns that. What is seen is compared with
     * {@link Object#equals}: a count, a list of rows, a position in a log.
     */
    public static <T> T until(String what, Look<T> look, Predicate<? super T> done) throws Exception {
        return new Waiting(System::nanoTime, d -> Thread.sleep(d.toMillis()), STALLED).await(what, look, done);
    }

    <T> T await(String what, Look<T> look, Predicate<? super T> done) throws Exception {
        Stillness stillness = new Stillness(stalled, nanoTime);
        T seen = look.get();
        while (!done.test(seen)) {
            if (stillness.stillFor(seen)) {
                throw new AssertionError("waited for " + what + ", but nothing changed for " + stalled.toSeconds()
                        + " s; last seen: " + seen);
            }
            pause.pause(PAUSE);
            seen = look.get();
        }
        return seen;
    }
}
