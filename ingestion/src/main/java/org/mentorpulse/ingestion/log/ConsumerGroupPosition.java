package org.mentorpulse.ingestion.log;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.mentorpulse.ingestion.http.ProgressWatch;

/** Where a consumer group stands on a topic, asked of the brokers: what {@link ProgressWatch} watches. */
public final class ConsumerGroupPosition implements Supplier<ProgressWatch.Position>, AutoCloseable {
    private final Admin admin;
    private final String group;
    private final String topic;

    public ConsumerGroupPosition(String bootstrapServers, String group, String topic) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        this.admin = Admin.create(p);
        this.group = group;
        this.topic = topic;
    }

    @Override
    public ProgressWatch.Position get() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(5, TimeUnit.SECONDS).get(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
            long at = 0;
            long end = 0;
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata o = committed.get(tp);
                long position = o == null ? 0 : o.offset();
                at += position;
                // one record at a partition's end is not "waiting": a transaction's commit marker takes an offset
                // that a consumer never reads (the deduplicator writes the log in transactions)
                end += Math.max(position, ends.get(tp).offset() - 1);
            }
            return new ProgressWatch.Position(at, end);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the position of " + group + " on " + topic + ": " + e, e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
