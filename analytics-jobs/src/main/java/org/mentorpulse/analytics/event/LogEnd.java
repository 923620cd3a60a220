package org.mentorpulse.analytics.event;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.mentorpulse.schema.LogRecord;
import org.mentorpulse.schema.TopicToEnd;
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

    /** How long the read may go without progress before the broker is taken to be gone. */
    private static final Duration STALLED = Duration.ofSeconds(60);

    /** The watermark the log's end gives, with the job's out-of-orderness bound. */
    public long watermark(Duration outOfOrderness) {
        return time == Long.MIN_VALUE ? Long.MIN_VALUE : time - outOfOrderness.toMillis();
    }

    /** Reads every committed record of {@code topic} up to its current end. */
    public static LogEnd of(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 * 1024 * 1024));
        // the greatest time of each partition's readable records; a partition without any is left out
        Map<Integer, Long> greatest = new HashMap<>();
        TopicToEnd.read(bootstrapServers, p, topic, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                STALLED, r -> {
                    Long time = timeOf(r);
                    if (time != null) {
                        greatest.merge(r.partition(), time, Math::max);
                    }
                });
        return greatest.isEmpty() ? EMPTY
                : new LogEnd(greatest.values().stream().mapToLong(Long::longValue).min().getAsLong());
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
