package org.mentorpulse.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mentorpulse.ingestion.RecentEventIds.Key;

class RecentEventIdsTest {

    @Test
    void forgetsTheOldestStoredPairFirstAndKeepsItsBound() {
        RecentEventIds recent = new RecentEventIds(3);
        recent.rememberAll(List.of(new Key("/s", "a"), new Key("/s", "b")));
        // "b" again is not stored twice, so it does not push out "a" a second time
        recent.rememberAll(List.of(new Key("/s", "c"), new Key("/s", "b"), new Key("/s", "d")));
        assertThat(recent.contains(new Key("/s", "a"))).isFalse();
        assertThat(recent.contains(new Key("/s", "b"))).isTrue();
        assertThat(recent.contains(new Key("/s", "c"))).isTrue();
        assertThat(recent.contains(new Key("/s", "d"))).isTrue();
        assertThat(recent.contains(new Key("/other", "d"))).isFalse();
    }
}
