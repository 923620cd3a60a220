package org.mentorpulse.streams;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Sends each record to every partition of its topic, whatever its key: how one record reaches every task that
 * reads the topic (the deduplicator's clock ticks, the alerting app's erasures).
 */
public final class EveryPartition<K, V> implements StreamPartitioner<K, V> {
    @Override
    public Optional<Set<Integer>> partitions(String topic, K key, V value, int numPartitions) {
        return all(numPartitions);
    }

    /** Every partition of a topic of {@code numPartitions}. */
    public static Optional<Set<Integer>> all(int numPartitions) {
        Set<Integer> all = new HashSet<>();
        for (int p = 0; p < numPartitions; p++) {
            all.add(p);
        }
        return Optional.of(all);
    }
}
