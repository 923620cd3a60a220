package org.mentorpulse.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mentorpulse.ingestion.RecentEventIds.Key;

class RecentEventIdsTest {

    @Test
    void forgetsTheOldestStoredPairFirstAndKeepsItsBound() {
        RecentEventIds recent = new RecentEventIds(3, 7);
        recent.rememberAll(List.of(new Key("/s", "a"), new Key("/s", "b")));
        // "b" again is not stored twice, so it does not push out "a" a second time
        recent.rememberAll(List.of(new Key("/s", "c"), new Key("/s", "b"), new Key("/s", "d")));
        assertThat(recent.contains(new Key("/s", "a"))).isFalse();
        assertThat(recent.contains(new Key("/s", "b"))).isTrue();
        assertThat(recent.contains(new Key("/s", "c"))).isTrue();
        assertThat(recent.contains(new Key("/s", "d"))).isTrue();
        assertThat(recent.contains(new Key("/other", "d"))).isFalse();
    }

    @Test
    void pairsCraftedToCollideAreNeverTakenForOneAnotherAndCostBoundedProbes() {
        // "Aa" and "BB" have the same hash code, so every id of these is alike to the table but not to equals
        List<String> ids = List.of("AaAa", "AaBB", "BBAa", "BBBB");
        RecentEventIds recent = new RecentEventIds(1000, 7);
        List<Key> crafted = new java.util.ArrayList<>();
        for (String a : ids) {
            for (String b : ids) {
                for (String c : ids) {
                    crafted.add(new Key("/s", a + b + c));
                }
            }
        }
        assertThat(crafted.stream().map(k -> k.id().hashCode()).distinct()).hasSize(1);
        recent.rememberAll(crafted.subList(0, 40));
        long remembered = crafted.subList(0, 40).stream().filter(recent::contains).count();
        assertThat(remembered).isEqualTo(RecentEventIds.MAX_PROBES);
        assertThat(crafted.subList(40, crafted.size())).noneMatch(recent::contains);
        Key plain = new Key("/s", "an ordinary id");
        recent.rememberAll(List.of(plain));
        assertThat(recent.contains(plain)).isTrue();
    }
}
