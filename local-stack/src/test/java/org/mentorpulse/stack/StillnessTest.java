package org.mentorpulse.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StillnessTest {
    private long now;
    private final Stillness stillness = new Stillness(Duration.ofMinutes(3), () -> now);

    private boolean after(Duration passed, Object seen) {
        now += passed.toNanos();
        return stillness.stillFor(seen);
    }

    @Test
    void aWaitEndsOnlyWhenWhatItWatchesStoodStillForLongerThanAllowed() {
        assertThat(after(Duration.ZERO, List.of(0L, 0))).isFalse();
        assertThat(after(Duration.ofMinutes(3), List.of(0L, 0))).as("still for exactly the allowance").isFalse();
        assertThat(after(Duration.ofSeconds(1), List.of(0L, 0))).as("still for longer").isTrue();
    }

    @Test
    void progressRestartsTheAllowanceHoweverLongTheWaitHasLasted() {
        for (int step = 1; step <= 60; step++) {
            assertThat(after(Duration.ofMinutes(2), List.of((long) step, 0))).as("after %d minutes", 2 * step)
                    .isFalse();
        }
        assertThat(after(Duration.ofMinutes(3), List.of(60L, 0))).isFalse();
        assertThat(after(Duration.ofMinutes(1), List.of(60L, 0))).isTrue();
    }
}
