package org.mentorpulse.analytics.alerts;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.mentorpulse.analytics.clickhouse.ClickHouseSink;
import org.mentorpulse.analytics.clickhouse.ClickHouseTarget;
import org.mentorpulse.analytics.clickhouse.ColumnTable;
import org.mentorpulse.analytics.clickhouse.RefusedRows;
import org.mentorpulse.analytics.clickhouse.TopicToTable;
import org.mentorpulse.schema.AlertTransition;
import org.mentorpulse.schema.Delivery;
import org.mentorpulse.schema.Topic;
import org.mentorpulse.schema.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies what the alerting app and the notifier write into ClickHouse, where dashboards and researchers read
 * it: the alert transitions ({@link Topics#ALERT_LOG}) into {@code mentorpulse.alerts}, and the outcome of every
 * delivery ({@link Topics#DELIVERY_LOG}) into {@code mentorpulse.deliveries}.
 */
public final class AlertsJob {
    public static final String CONSUMER_GROUP = "mentorpulse-alerts-table";
    public static final String DELIVERIES_GROUP = "mentorpulse-deliveries-table";

    private AlertsJob() {}

    /** Both copies, in one job graph. */
    public static void build(StreamExecutionEnvironment env, String bootstrapServers, boolean replayFromStart,
            ClickHouseTarget clickhouse) {
        onKafkaAndClickHouse(bootstrapServers, replayFromStart, clickhouse).build(env);
        deliveries(bootstrapServers, replayFromStart, clickhouse).build(env);
    }

    public static TopicToTable<AlertTransition> onKafkaAndClickHouse(String bootstrapServers, boolean replayFromStart,
            ClickHouseTarget clickhouse) {
        return copy("alert-transitions", Topics.ALERT_LOG, AlertTransition.class, CONSUMER_GROUP, new AlertsTable(),
                bootstrapServers, replayFromStart, clickhouse);
    }

    public static TopicToTable<Delivery> deliveries(String bootstrapServers, boolean replayFromStart,
            ClickHouseTarget clickhouse) {
        return copy("deliveries", Topics.DELIVERY_LOG, Delivery.class, DELIVERIES_GROUP, new DeliveriesTable(),
                bootstrapServers, replayFromStart, clickhouse);
    }

    private static <T> TopicToTable<T> copy(String from, Topic<String, T> topic, Class<T> type, String group,
            ColumnTable<T> table, String bootstrapServers, boolean replayFromStart, ClickHouseTarget clickhouse) {
        return new TopicToTable<>(from, table.name(),
                TopicToTable.kafkaSource(bootstrapServers, topic.name(), group, replayFromStart,
                        new Records<>(type)),
                new ClickHouseSink<>(clickhouse, table, ClickHouseSink.Batching.defaults().withMaxRows(1000),
                        RefusedRows.toDeadLetterTopic(bootstrapServers)));
    }

    /**
     * A topic's JSON records ({@link Topics#json}, the contract of both topics); one that does not read is logged
     * and skipped: the topics are our own.
     */
    static final class Records<T> implements KafkaRecordDeserializationSchema<T> {
        private static final long serialVersionUID = 1L;
        private static final Logger LOG = LoggerFactory.getLogger(Records.class);
        private final Class<T> type;
        private transient Deserializer<T> json;

        Records(Class<T> type) {
            this.type = type;
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) {
            if (json == null) {
                json = Topics.json(type).deserializer();
            }
            try {
                out.collect(json.deserialize(record.topic(), record.headers(), record.value()));
            } catch (RuntimeException e) {
                LOG.error("skipping a record of {}-{} at offset {} that is not a {}: {}", record.topic(),
                        record.partition(), record.offset(), type.getSimpleName(), e.getMessage());
            }
        }

        @Override
        public TypeInformation<T> getProducedType() {
            return TypeInformation.of(type);
        }
    }
}
