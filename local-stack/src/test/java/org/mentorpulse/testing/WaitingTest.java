package org.mentorpulse.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The waits' rule, on a clock the test moves: each pause moves it by the pause. */
class WaitingTest {
    private final AtomicLong now = new AtomicLong();
    private final Waiting waiting = new Waiting(now::get, d -> now.addAndGet(d.toNanos()), Duration.ofMinutes(2));

    @Test
    void aWaitThatKeepsProgressingIsWaitedForLongAfterTheStallBound() throws Exception {
        // one more row a minute: done after 10 minutes, five times the bound, and never still for two
        long seen = waiting.await("rows", () -> now.get() / Duration.ofMinutes(1).toNanos(), n -> n >= 10);

        assertThat(seen).isEqualTo(10);
        assertThat(Duration.ofNanos(now.get())).isGreaterThanOrEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aWaitThatStandsStillFailsAtTheFirstLookPastTheBoundNamingWhatItSawLast() {
        assertThatThrownBy(() -> waiting.await("rows of m-1", () -> 3L, n -> n >= 4))
                .isInstanceOf(AssertionError.class)
                .hasMessage("waited for rows of m-1, but nothing changed for 120 s; last seen: 3");
        // still for exactly the bound is still allowed; the next look, one pause later, gives up
        assertThat(Duration.ofNanos(now.get())).isEqualTo(Duration.ofMinutes(2).plusMillis(250));
    }

    @Test
    void progressAfterAStillSpellStartsTheBoundAgain() throws Exception {
        // still for 90 s, then a step, then still for 90 s again, then done
        long seen = waiting.await("steps", () -> Math.min(now.get() / Duration.ofSeconds(90).toNanos(), 2L),
                n -> n == 2);

        assertThat(seen).isEqualTo(2);
    }

    @Test
    void aLookThatFindsAStageStoppedEndsTheWaitAtOnce() {
        assertThatThrownBy(() -> waiting.await("rows", () -> {
            throw new AssertionError("the pipeline is running");
        }, n -> true)).hasMessage("the pipeline is running");
        assertThat(now).hasValue(0);
    }

    @Test
    void whatIsAlreadyDoneIsNotWaitedFor() throws Exception {
        assertThat(waiting.await("rows", () -> "ready", "ready"::equals)).isEqualTo("ready");
        assertThat(now).hasValue(0);
    }
}
