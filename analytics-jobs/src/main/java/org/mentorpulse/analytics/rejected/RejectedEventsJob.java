package org.mentorpulse.analytics.rejected;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.mentorpulse.analytics.clickhouse.ClickHouseSink;
import org.mentorpulse.analytics.clickhouse.RefusedRows;
import org.mentorpulse.analytics.clickhouse.ClickHouseTarget;
import org.mentorpulse.schema.Topics;

/**
 * Copies the dead-letter topic into {@code mentorpulse.rejected_events}, so refused events can be seen and
 * queried next to the accepted ones. No event time is involved: every letter is written as it comes.
 */
public final class RejectedEventsJob {
    public static final String CONSUMER_GROUP = "mentorpulse-rejected-events";

    private final Source<RejectedEvent, ?, ?> source;
    private final Sink<RejectedEvent> sink;

    public RejectedEventsJob(Source<RejectedEvent, ?, ?> source, Sink<RejectedEvent> sink) {
        this.source = source;
        this.sink = sink;
    }

    public void build(StreamExecutionEnvironment env) {
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "dead-letters").uid("dead-letters-source")
                .sinkTo(sink).name("rejected-events-to-clickhouse").uid("rejected-events-sink");
    }

    public static RejectedEventsJob onKafkaAndClickHouse(String bootstrapServers, boolean replayFromStart,
            ClickHouseTarget clickhouse) {
        return new RejectedEventsJob(kafkaSource(bootstrapServers, replayFromStart),
                new ClickHouseSink<>(clickhouse, new RejectedEventsTable(),
                        ClickHouseSink.Batching.defaults().withMaxRows(1000), RefusedRows.logged()));
    }

    public static KafkaSource<RejectedEvent> kafkaSource(String bootstrapServers, boolean replayFromStart) {
        return KafkaSource.<RejectedEvent>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(Topics.DEAD_LETTERS)
                .setGroupId(CONSUMER_GROUP)
                .setStartingOffsets(replayFromStart ? OffsetsInitializer.earliest()
                        : OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new DeadLetterDeserializer())
                .setProperty("partition.discovery.interval.ms", "60000")
                .build();
    }
}
