package org.mentorpulse.analytics.alerts;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.mentorpulse.analytics.clickhouse.ClickHouseSink;
import org.mentorpulse.analytics.clickhouse.ClickHouseTarget;
import org.mentorpulse.analytics.clickhouse.RefusedRows;
import org.mentorpulse.schema.AlertTransition;
import org.mentorpulse.schema.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the alert transitions ({@link Topics#ALERT_LOG}, written by the alerting app) into
 * {@code mentorpulse.alerts}, where dashboards and researchers read them.
 */
public final class AlertsJob {
    public static final String CONSUMER_GROUP = "mentorpulse-alerts-table";

    private final Source<AlertTransition, ?, ?> source;
    private final Sink<AlertTransition> sink;

    public AlertsJob(Source<AlertTransition, ?, ?> source, Sink<AlertTransition> sink) {
        this.source = source;
        this.sink = sink;
    }

    public void build(StreamExecutionEnvironment env) {
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "alert-transitions").uid("alert-transitions-source")
                .sinkTo(sink).name("alerts-to-clickhouse").uid("alerts-sink");
    }

    public static AlertsJob onKafkaAndClickHouse(String bootstrapServers, boolean replayFromStart,
            ClickHouseTarget clickhouse) {
        return new AlertsJob(KafkaSource.<AlertTransition>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(Topics.ALERTS)
                .setGroupId(CONSUMER_GROUP)
                .setStartingOffsets(replayFromStart ? OffsetsInitializer.earliest()
                        : OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new Transitions())
                .setProperty("isolation.level", "read_committed")
                .setProperty("partition.discovery.interval.ms", "60000")
                .build(),
                new ClickHouseSink<>(clickhouse, new AlertsTable(), ClickHouseSink.Batching.defaults().withMaxRows(1000),
                        RefusedRows.toDeadLetterTopic(bootstrapServers)));
    }

    /** The alert topic's records; one that is not a transition is logged and skipped: the topic is our own. */
    static final class Transitions implements KafkaRecordDeserializationSchema<AlertTransition> {
        private static final long serialVersionUID = 1L;
        private static final Logger LOG = LoggerFactory.getLogger(Transitions.class);

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<AlertTransition> out) {
            try {
                out.collect(Topics.ALERT_LOG.value(record));
            } catch (RuntimeException e) {
                LOG.error("skipping a record of {}-{} at offset {} that is not an alert transition: {}", record.topic(),
                        record.partition(), record.offset(), e.getMessage());
            }
        }

        @Override
        public TypeInformation<AlertTransition> getProducedType() {
            return TypeInformation.of(AlertTransition.class);
        }
    }
}
