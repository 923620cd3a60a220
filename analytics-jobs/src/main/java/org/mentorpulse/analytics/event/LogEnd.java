package org.mentorpulse.analytics.event;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.mentorpulse.schema.LogRecord;
import org.mentorpulse.schema.Topics;

/**
 * Where a log's clock stands at its end: the least, over its partitions that hold records, of the greatest time
 * in the partition (an event's time, or a clock tick's). That is the watermark a job reading the whole log has
 * reached when its input ends (each partition's watermark follows the greatest time it has read), so a bounded
 * replay evaluates the days that had ended by then, and no later ones, which makes its last days a function of the
 * log alone. It is read before the replay starts, from the same end offsets the replay stops at (later appends are
 * in neither).
 *
 * <p>The greatest time, not the last record's: a partition may end with an old event (one delivered late, or sent
 * again by a writer that could not confirm it), and the last record's time would then put the end weeks early.
 *
 * @param time epoch milliseconds; {@link Long#MIN_VALUE} for a log without records
 */
public record LogEnd(long time) {
    public static final LogEnd EMPTY = new LogEnd(Long.MIN_VALUE);

    /** How long the read may go without a record before the broker is taken to be gone. */
    private static final Duration STALLED = Duration.ofSeconds(60);

    /** The watermark the log's end gives, with the job's out-of-orderness bound. */
    public long watermark(Duration outOfOrderness) {
        return time == Long.MIN_VALUE ? Long.MIN_VALUE : time - outOfOrderness.toMillis();
    }

    /** Reads every committed record of {@code topic} up to its current end. */
    public static LogEnd of(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 * 1024 * 1024));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            if (partitions.isEmpty()) {
                // the consumer answers an unknown topic with no partitions: that is not an empty log, and a replay
                // told so would evaluate no day at all
                throw new IllegalStateException("topic " + topic + " is not known to the broker at "
                        + bootstrapServers);
            }
            Map<TopicPartition, Long> greatest = greatestTimes(consumer, partitions);
            return greatest.isEmpty() ? EMPTY
                    : new LogEnd(greatest.values().stream().mapToLong(Long::longValue).min().getAsLong());
        }
    }

    /** The greatest time of each partition's readable records below its current end; one without any is left out. */
    private static Map<TopicPartition, Long> greatestTimes(KafkaConsumer<byte[], byte[]> consumer,
            List<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Set<TopicPartition> unread = new HashSet<>(partitions);
        Map<TopicPartition, Long> greatest = new HashMap<>();
        long lastProgress = System.nanoTime();
        long positions = -1;
        while (true) {
            // the last offsets of a transactional log are commit markers: a position at or past the end is done,
            // and what was appended since is not read
            List<TopicPartition> done = unread.stream().filter(tp -> consumer.position(tp) >= ends.get(tp)).toList();
            consumer.pause(done);
            done.forEach(unread::remove);
            if (unread.isEmpty()) {
                return greatest;
            }
            long now = unread.stream().mapToLong(consumer::position).sum();
            if (now != positions) {
                positions = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALLED.toNanos()) {
                // a broker gone mid-read answers nothing, and the replay would wait for ever without a word
                throw new IllegalStateException("reading " + partitions.get(0).topic() + " to find where it ends: "
                        + "no progress for " + STALLED.toSeconds() + " s, " + unread.size() + " partition(s) unread");
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                Long time = r.offset() < ends.get(tp) ? timeOf(r) : null;
                if (time != null) {
                    greatest.merge(tp, time, Math::max);
                }
            }
        }
    }

    private static Long timeOf(ConsumerRecord<byte[], byte[]> record) {
        try {
            LogRecord read = Topics.EVENT_LOG.value(record);
            return read instanceof LogRecord.Tick tick ? tick.eventTime()
                    : ((LogRecord.Event) read).event().getTime().toEpochMilli();
        } catch (RuntimeException e) {
            return null; // an unreadable record: the replay sends it to the dead letters, and it tells no time
        }
    }
}
