package org.mentorpulse.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.mentorpulse.schema.TopicToEnd;

/**
 * What a topic holds: every record up to the end offsets it has when asked. A record acknowledged before the call
 * is among them however slow the machine is; reading stops at those offsets, not after a while.
 */
public final class TopicContents {
    private TopicContents() {}

    public static <K, V> List<ConsumerRecord<K, V>> toEnd(String bootstrapServers, String topic,
            Deserializer<K> keys, Deserializer<V> values) {
        List<ConsumerRecord<K, V>> out = new ArrayList<>();
        TopicToEnd.read(bootstrapServers, new Properties(), topic, keys, values, Duration.ofSeconds(60), out::add);
        return out;
    }
}
