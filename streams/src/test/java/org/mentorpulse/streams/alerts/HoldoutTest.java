package org.mentorpulse.streams.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HoldoutTest {
    @Test
    void aboutTheShareOfMatchesIsHeldOutAlwaysTheSameOnesForTheSameSalt() {
        Holdout holdout = new Holdout(0.10, "salt-1");
        long held = IntStream.range(0, 20_000).filter(i -> holdout.heldOut("m-" + i)).count();
        // 2,000 expected; the binomial standard deviation is about 42
        assertThat(held).isBetween(1_850L, 2_150L);
        assertThat(IntStream.range(0, 1_000).allMatch(i -> holdout.heldOut("m-" + i)
                == new Holdout(0.10, "salt-1").heldOut("m-" + i))).isTrue();
        long sameUnderOtherSalt = IntStream.range(0, 20_000)
                .filter(i -> holdout.heldOut("m-" + i) && new Holdout(0.10, "salt-2").heldOut("m-" + i)).count();
        assertThat(sameUnderOtherSalt).as("another salt draws another sample").isLessThan(400L);
    }

    @Test
    void noneAndAllAreTheEdges() {
        assertThat(IntStream.range(0, 1_000).noneMatch(i -> new Holdout(0, "s").heldOut("m-" + i))).isTrue();
        assertThat(IntStream.range(0, 1_000).allMatch(i -> new Holdout(1, "s").heldOut("m-" + i))).isTrue();
        assertThatThrownBy(() -> new Holdout(1.5, "s")).hasMessageContaining("between 0 and 1");
    }
}
