package org.mentorpulse.analytics.clickhouse;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.mentorpulse.schema.DeadLetter;
import org.mentorpulse.schema.MentorPulseVersion;
import org.mentorpulse.schema.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the sink puts a row that ClickHouse refuses for good (bad data, a schema that does not fit it): not a
 * reason to stop the job, which would stop every other row with it, and a restart would meet the same row
 * again. Opened once per sink writer.
 */
public interface RefusedRows extends Serializable {
    Handle open();

    /** Takes the refused rows of one writer. */
    interface Handle extends AutoCloseable {
        /** Called once per refused row, before the sink goes on; returns only when the row is kept. */
        void refused(String table, String row, Throwable reason) throws IOException;

        @Override
        void close();
    }

    String COMPONENT = "mentorpulse-analytics-clickhouse-sink";

    /**
     * Each refused row becomes a dead letter on {@link Topics#DEAD_LETTERS}, written and acknowledged before
     * the sink goes on: the row (as text) and ClickHouse's reason, fixed and replayed from there.
     */
    static RefusedRows toDeadLetterTopic(String bootstrapServers) {
        return () -> {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                    new ByteArraySerializer());
            return new Handle() {
                @Override
                public void refused(String table, String row, Throwable reason) throws IOException {
                    DeadLetter letter = new DeadLetter(COMPONENT, MentorPulseVersion.VERSION, Instant.now().toString(),
                            "", null, null, null, List.of(new DeadLetter.Reason("$", "unwritable",
                                    "ClickHouse refuses the row of " + table + " for good: " + reason.getMessage())),
                            row, DeadLetter.TEXT_PAYLOAD);
                    try {
                        producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS, table.getBytes(StandardCharsets.UTF_8),
                                Topics.DEAD_LETTER_LOG.valueBytes(letter))).get(30, TimeUnit.SECONDS);
                    } catch (ExecutionException | TimeoutException e) {
                        throw new IOException("cannot keep a refused row of " + table + " as a dead letter", e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while keeping a refused row of " + table, e);
                    }
                }

                @Override
                public void close() {
                    producer.close();
                }
            };
        };
    }

    /**
     * For rows whose source is itself the dead-letter topic (the {@code rejected_events} table): the record is
     * kept there already, so a refused row is logged and counted, not sent round again.
     */
    static RefusedRows logged() {
        return () -> new Handle() {
            private final Logger log = LoggerFactory.getLogger(RefusedRows.class);

            @Override
            public void refused(String table, String row, Throwable reason) {
                log.error("ClickHouse refuses a row of {} for good; it stays in the dead-letter topic. Row: {}. "
                        + "Reason: {}", table, row, reason.getMessage());
            }

            @Override
            public void close() {}
        };
    }
}
