package org.mentorpulse.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mentorpulse.ingestion.RecentEventIds.Key;

/**
 * The set against the plainest model of what it promises (the last {@code capacity} distinct pairs stored, the
 * oldest forgotten first), on batches drawn from a small pool of pairs so that repeats and evictions are common.
 */
class RecentEventIdsProperties {

    @Property(tries = 300, seed = "20261207")
    void answersAsTheLastPairsStoredWould(@ForAll("batches") List<List<Key>> batches, @ForAll long seed) {
        int capacity = 16;
        RecentEventIds recent = new RecentEventIds(capacity, seed);
        ArrayDeque<Key> model = new ArrayDeque<>();
        Set<Key> pool = new HashSet<>();
        batches.forEach(pool::addAll);
        for (List<Key> batch : batches) {
            Set<Key> distinct = new LinkedHashSet<>(batch);
            recent.rememberAll(distinct);
            for (Key key : distinct) {
                if (!model.contains(key)) {
                    model.addLast(key);
                    if (model.size() > capacity) {
                        model.removeFirst();
                    }
                }
            }
            for (Key key : pool) {
                assertThat(recent.contains(key)).as(key.toString()).isEqualTo(model.contains(key));
            }
        }
    }

    @Provide
    Arbitrary<List<List<Key>>> batches() {
        Arbitrary<Key> key = Arbitraries.integers().between(0, 40)
                .map(i -> new Key(i % 3 == 0 ? "/a" : "/b", "e-" + i));
        return key.list().ofMaxSize(12).list().ofMaxSize(30);
    }
}
