package org.mentorpulse.analytics.event;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.mentorpulse.schema.LogRecord;
import org.mentorpulse.schema.Topics;

/**
 * Where a log's clock stands at its end: the least, over its partitions that hold records, of the time of the
 * partition's last record (an event's time, or a clock tick's). A bounded replay evaluates the days that had ended
 * by then, and no later ones, which makes its last days a function of the log alone. It is read before the
 * replay starts, from the same end offsets the replay stops at (later appends are in neither).
 *
 * @param time epoch milliseconds; {@link Long#MIN_VALUE} for a log without records
 */
public record LogEnd(long time) {
    public static final LogEnd EMPTY = new LogEnd(Long.MIN_VALUE);

    /** The watermark the log's end gives, with the job's out-of-orderness bound. */
    public long watermark(Duration outOfOrderness) {
        return time == Long.MIN_VALUE ? Long.MIN_VALUE : time - outOfOrderness.toMillis();
    }

    /** Reads the last committed record of every partition of {@code topic}. */
    public static LogEnd of(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
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
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long least = Long.MAX_VALUE;
            for (TopicPartition tp : partitions) {
                Long last = lastTime(consumer, tp, begins.get(tp), ends.get(tp));
                if (last != null) {
                    least = Math.min(least, last);
                }
            }
            return least == Long.MAX_VALUE ? EMPTY : new LogEnd(least);
        }
    }

    /**
     * The time of the partition's last readable record, or null. The last offsets of a transactional log are
     * commit markers, not records, so it reads a little way back from the end, and further if that held none.
     */
    private static Long lastTime(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, long begin, long end) {
        consumer.assign(List.of(tp));
        for (long back = 16; ; back *= 8) {
            long from = Math.max(begin, end - back);
            consumer.seek(tp, from);
            Long last = null;
            long lastOffset = -1;
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Long time = timeOf(r);
                    if (time != null && r.offset() < end && r.offset() > lastOffset) {
                        lastOffset = r.offset();
                        last = time;
                    }
                }
            }
            if (last != null || from == begin) {
                return last;
            }
        }
    }

    private static Long timeOf(ConsumerRecord<byte[], byte[]> record) {
        try {
            LogRecord read = Topics.EVENT_LOG.value(record);
            return read instanceof LogRecord.Tick tick ? tick.eventTime()
                    : InteractionEvent.from(((LogRecord.Event) read).event()).eventTime;
        } catch (RuntimeException e) {
            return null; // an unreadable record: the replay sends it to the dead letters, and it tells no time
        }
    }
}
