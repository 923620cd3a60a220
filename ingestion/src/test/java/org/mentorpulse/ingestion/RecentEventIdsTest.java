package org.mentorpulse.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentEventIdsTest {

    @Test
    void forgetsTheOldestStoredPairFirstAndKeepsItsBound() {
        RecentEventIds recent = new RecentEventIds(3);
        for (String id : new String[] {"a", "b", "c", "b", "d"}) {
            recent.remember(RecentEventIds.key("/s", id));
        }
        assertThat(recent.contains(RecentEventIds.key("/s", "a"))).isFalse();
        assertThat(recent.contains(RecentEventIds.key("/s", "b"))).isTrue();
        assertThat(recent.contains(RecentEventIds.key("/s", "d"))).isTrue();
        assertThat(recent.contains(RecentEventIds.key("/other", "d"))).isFalse();
    }
}
