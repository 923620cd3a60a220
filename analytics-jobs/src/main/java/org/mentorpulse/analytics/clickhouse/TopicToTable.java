package org.mentorpulse.analytics.clickhouse;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * A topic copied into a ClickHouse table as its records come, with no event time involved: how the dead letters
 * reach {@code rejected_events} and the alert transitions reach {@code alerts}. The source and sink are injected,
 * so tests swap the IO; {@link #kafkaSource} builds the production one.
 *
 * @param from names the source operator (uid {@code <from>-source})
 * @param to names the sink operator (uid {@code <to>-sink})
 */
public record TopicToTable<T>(String from, String to, Source<T, ?, ?> source, Sink<T> sink) {
    public void build(StreamExecutionEnvironment env) {
        env.fromSource(source, WatermarkStrategy.noWatermarks(), from).uid(from + "-source")
                .sinkTo(sink).name(to + "-to-clickhouse").uid(to + "-sink");
    }

    /**
     * @param replayFromStart read the whole topic instead of resuming at the group's committed offsets (rows are
     *     keyed, so reading again rewrites the same rows)
     */
    public static <T> KafkaSource<T> kafkaSource(String bootstrapServers, String topic, String group,
            boolean replayFromStart, KafkaRecordDeserializationSchema<T> deserializer) {
        return KafkaSource.<T>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(group)
                .setStartingOffsets(replayFromStart ? OffsetsInitializer.earliest()
                        : OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(deserializer)
                .setProperty("isolation.level", "read_committed")
                .setProperty("partition.discovery.interval.ms", "60000")
                .build();
    }
}
