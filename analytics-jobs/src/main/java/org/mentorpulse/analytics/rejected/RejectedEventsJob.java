package org.mentorpulse.analytics.rejected;

import org.mentorpulse.analytics.clickhouse.ClickHouseSink;
import org.mentorpulse.analytics.clickhouse.ClickHouseTarget;
import org.mentorpulse.analytics.clickhouse.RefusedRows;
import org.mentorpulse.analytics.clickhouse.TopicToTable;
import org.mentorpulse.schema.Topics;

/**
 * Copies the dead-letter topic into {@code mentorpulse.rejected_events}, so refused events can be seen and
 * queried next to the accepted ones. No event time is involved: every letter is written as it comes.
 */
public final class RejectedEventsJob {
    public static final String CONSUMER_GROUP = "mentorpulse-rejected-events";

    private RejectedEventsJob() {}

    /** A row refused here is logged, not sent to the dead-letter topic again: it is already there. */
    public static TopicToTable<RejectedEvent> onKafkaAndClickHouse(String bootstrapServers, boolean replayFromStart,
            ClickHouseTarget clickhouse) {
        return new TopicToTable<>("dead-letters", "rejected-events",
                TopicToTable.kafkaSource(bootstrapServers, Topics.DEAD_LETTERS, CONSUMER_GROUP, replayFromStart,
                        new DeadLetterDeserializer()),
                new ClickHouseSink<>(clickhouse, new RejectedEventsTable(),
                        ClickHouseSink.Batching.defaults().withMaxRows(1000), RefusedRows.logged()));
    }
}
