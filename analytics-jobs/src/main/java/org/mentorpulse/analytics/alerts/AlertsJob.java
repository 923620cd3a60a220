package org.mentorpulse.analytics.alerts;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.mentorpulse.analytics.clickhouse.ClickHouseSink;
import org.mentorpulse.analytics.clickhouse.ClickHouseTarget;
import org.mentorpulse.analytics.clickhouse.RefusedRows;
import org.mentorpulse.analytics.clickhouse.TopicToTable;
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

    private AlertsJob() {}

    public static TopicToTable<AlertTransition> onKafkaAndClickHouse(String bootstrapServers, boolean replayFromStart,
            ClickHouseTarget clickhouse) {
        return new TopicToTable<>("alert-transitions", "alerts",
                TopicToTable.kafkaSource(bootstrapServers, Topics.ALERTS, CONSUMER_GROUP, replayFromStart,
                        new Transitions()),
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
