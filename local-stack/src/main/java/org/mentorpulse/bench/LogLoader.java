package org.mentorpulse.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.mentorpulse.ingestion.log.KafkaEventLog;
import org.mentorpulse.schema.MentorPulseEvent;
import org.mentorpulse.schema.TopicToEnd;
import org.mentorpulse.schema.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads events into a topic in bulk: every one of them lands once, or this fails saying how many did not.
 *
 * <p>A producer that gives up on a record does not know whether the broker wrote it (the answer may be what was
 * lost), and an idempotent producer whose request timed out can be refused for good as out of order afterwards.
 * So the records a round could not confirm are looked up in the log once its producer is closed, and only those
 * the log lacks are sent again, by a new producer: a bench or a drill on a loaded machine gets its whole program,
 * never a part of it and never a record twice.
 */
public final class LogLoader {
    private static final Logger LOG = LoggerFactory.getLogger(LogLoader.class);
    private static final int ROUNDS = 3;
    /** how long reading the log back may make no progress before the load fails */
    private static final Duration READ_BACK = Duration.ofMinutes(3);

    private final String bootstrap;

    public LogLoader(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** Appends {@code events} to {@code topic}; throws if some are still not in the log after the last round. */
    public void load(String topic, List<MentorPulseEvent> events) {
        List<MentorPulseEvent> pending = events;
        for (int round = 1; round <= ROUNDS; round++) {
            Unconfirmed unconfirmed = send(topic, pending);
            if (unconfirmed.events.isEmpty()) {
                return;
            }
            pending = missingFromLog(topic, unconfirmed.events);
            LOG.warn("{} of {} records sent to {} were not confirmed ({}); {} of them are not in the log{}",
                    unconfirmed.events.size(), events.size(), topic, unconfirmed.firstError.getMessage(),
                    pending.size(), pending.isEmpty() || round == ROUNDS ? "" : " and are sent again");
            if (pending.isEmpty()) {
                return;
            }
            if (round == ROUNDS) {
                throw new IllegalStateException(pending.size() + " of " + events.size() + " records were not "
                        + "written to " + topic + " in " + ROUNDS + " rounds: " + unconfirmed.firstError.getMessage(),
                        unconfirmed.firstError);
            }
        }
    }

    /** What one producer could not confirm: the events, and the first reason it gave. */
    private record Unconfirmed(List<MentorPulseEvent> events, Exception firstError) {}

    private Unconfirmed send(String topic, List<MentorPulseEvent> events) {
        Properties config = KafkaEventLog.producerConfig(bootstrap);
        // A bulk writer can wait longer than ingestion, whose short bounds are there to answer a sender 503 quickly;
        // what a round still cannot confirm is looked up and sent again.
        config.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
        config.setProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
        config.setProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "90000");
        List<MentorPulseEvent> failed = new ArrayList<>();
        // a partition's callbacks come in the order its records were sent, so one match's events keep their order
        AtomicReference<Exception> first = new AtomicReference<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            for (MentorPulseEvent event : events) {
                producer.send(KafkaEventLog.record(topic, event), (metadata, error) -> {
                    if (error != null) {
                        synchronized (failed) {
                            failed.add(event);
                        }
                        first.compareAndSet(null, error);
                    }
                });
            }
            producer.flush();
        }
        return new Unconfirmed(failed, first.get());
    }

    /** Of {@code events}, those the topic does not hold (by source and id), read through to its current end. */
    List<MentorPulseEvent> missingFromLog(String topic, List<MentorPulseEvent> events) {
        // in the order they failed, which keeps each match's order
        Map<String, MentorPulseEvent> byIdentity = new LinkedHashMap<>();
        events.forEach(e -> byIdentity.put(identity(e), e));
        TopicToEnd.read(bootstrap, new Properties(), topic, new ByteArrayDeserializer(),
                new ByteArrayDeserializer(), READ_BACK, r -> byIdentity.remove(identity(Topics.RAW_LOG.value(r))));
        return new ArrayList<>(byIdentity.values());
    }

    private static String identity(MentorPulseEvent event) {
        return event.getSource() + "\n" + event.getId();
    }
}
