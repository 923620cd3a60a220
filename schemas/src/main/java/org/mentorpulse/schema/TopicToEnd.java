package org.mentorpulse.schema;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a topic from its beginning to the end offsets it has when the read starts: every record acknowledged
 * before the call is read however slow the machine is, and what is appended meanwhile is not. A read that makes
 * no progress for {@code stalled} (a broker gone mid-read answers nothing) fails, naming the topic, instead of
 * waiting for ever without a word.
 */
public final class TopicToEnd {
    private TopicToEnd() {}

    /**
     * Hands every record below the end offsets to {@code each}, partition by partition in offset order.
     *
     * @param config the consumer's settings besides the bootstrap servers (an isolation level, fetch sizes)
     */
    public static <K, V> void read(String bootstrapServers, Properties config, String topic, Deserializer<K> keys,
            Deserializer<V> values, Duration stalled, Consumer<ConsumerRecord<K, V>> each) {
        Properties p = new Properties();
        p.putAll(config);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(p, keys, values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            if (partitions.isEmpty()) {
                // the consumer answers an unknown topic with no partitions: that is not an empty topic
                throw new IllegalStateException("topic " + topic + " is not known to the broker at "
                        + bootstrapServers);
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Set<TopicPartition> unread = new HashSet<>(partitions);
            long lastProgress = System.nanoTime();
            long positions = -1;
            while (true) {
                // the last offsets of a transactional log are commit markers: a position at or past the end is
                // done, and what was appended since is not read
                List<TopicPartition> done = unread.stream().filter(tp -> consumer.position(tp) >= ends.get(tp))
                        .toList();
                consumer.pause(done);
                done.forEach(unread::remove);
                if (unread.isEmpty()) {
                    return;
                }
                long now = unread.stream().mapToLong(consumer::position).sum();
                if (now != positions) {
                    positions = now;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > stalled.toNanos()) {
                    throw new IllegalStateException("reading " + topic + " to its end: no progress for "
                            + stalled.toSeconds() + " s, " + unread.size() + " partition(s) unread");
                }
                for (ConsumerRecord<K, V> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() < ends.get(new TopicPartition(r.topic(), r.partition()))) {
                        each.accept(r);
                    }
                }
            }
        }
    }
}
