package org.mentorpulse.ingestion.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.mentorpulse.ingestion.webhooks.VendorEvent;
import org.mentorpulse.schema.DeadLetter;
import org.mentorpulse.schema.MentorPulseEvent;
import org.mentorpulse.schema.Topics;

/**
 * Appends canonical events to {@link Topics#RAW} as Avro single-object encoded records (the 10-byte header
 * names the writer schema by fingerprint), keyed by match so one match's events stay in order, and refused
 * events to {@link Topics#DEAD_LETTERS} as JSON.
 */
public final class KafkaEventLog implements EventLog {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final KafkaProducer<String, byte[]> producer;
    /**
     * The one thread that hands batches to the producer. KafkaProducer.send appends (and compresses) under a
     * lock per partition; with every HTTP worker sending at once, that lock was where ingestion spent its
     * time. Workers now encode in parallel and queue whole batches here. The queue is bounded: when it is
     * full the batch fails at once and the sender gets a 503, rather than memory filling up.
     */
    private final ThreadPoolExecutor appender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(256), runnable -> {
                Thread thread = new Thread(runnable, "mentorpulse-event-log-appender");
                thread.setDaemon(true);
                return thread;
            });
    private final String eventsTopic;
    private final String deadLetterTopic;
    private final String pendingTopic = Topics.PENDING_IDENTITY;

    public KafkaEventLog(String bootstrapServers) {
        this(bootstrapServers, Topics.RAW, Topics.DEAD_LETTERS);
    }

    /** With other topics than the pipeline's: the ingestion benchmark writes beside the real log, not into it. */
    public KafkaEventLog(String bootstrapServers, String eventsTopic, String deadLetterTopic) {
        this.producer = new KafkaProducer<>(producerConfig(bootstrapServers), new StringSerializer(),
                new ByteArraySerializer());
        this.eventsTopic = eventsTopic;
        this.deadLetterTopic = deadLetterTopic;
    }

    /** The record key: the match, so one match's events stay in order on one partition. */
    public static String key(MentorPulseEvent event) {
        return event.getSubject() != null ? event.getSubject() : event.getSource() + "/" + event.getId();
    }

    public static Properties producerConfig(String bootstrapServers) {
        Properties p = new Properties();
        p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "mentorpulse-ingestion");
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        p.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.setProperty(ProducerConfig.LINGER_MS_CONFIG, "1");
        p.setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // one request of 500-1000 events fills a few large batches rather than dozens of 16 KiB ones; fewer,
        // larger produce requests are what lets a waiting HTTP request get its acknowledgement sooner
        p.setProperty(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        // Bounded waits: a sender gets a 503 within seconds when Kafka is away, instead of a hung request,
        // and memory held for unsent records stays bounded by buffer.memory.
        p.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        p.setProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.setProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
        return p;
    }

    @Override
    public CompletableFuture<Void> append(MentorPulseEvent event) {
        try {
            return send(record(event));
        } catch (UncheckedIOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Void> appendAll(List<MentorPulseEvent> events) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(events.size());
        try {
            for (MentorPulseEvent event : events) {
                records.add(record(event));
            }
        } catch (UncheckedIOException e) {
            return CompletableFuture.failedFuture(e);
        }
        BatchAck ack = new BatchAck(records.size());
        try {
            appender.execute(() -> {
                for (ProducerRecord<String, byte[]> record : records) {
                    try {
                        producer.send(record, ack);
                    } catch (RuntimeException e) {
                        // send() itself refused (no metadata within max.block.ms: the broker is away); the rest
                        // would each wait as long, so the batch fails now and the sender retries it
                        ack.done.completeExceptionally(e);
                        return;
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "too many batches are waiting for the event log", e));
        }
        return ack.done;
    }

    /**
     * One acknowledgement for a whole batch: done when Kafka has confirmed every record, failed at the first
     * record it refused. A future per record joined by {@code allOf} did the same with three objects per event
     * and a tree of futures per batch, on the producer's one I/O thread.
     */
    static final class BatchAck implements Callback {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final AtomicInteger unconfirmed;

        BatchAck(int records) {
            this.unconfirmed = new AtomicInteger(records);
            if (records == 0) {
                done.complete(null);
            }
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception error) {
            if (error != null) {
                done.completeExceptionally(error);
            } else if (unconfirmed.decrementAndGet() == 0) {
                done.complete(null);
            }
        }
    }

    private ProducerRecord<String, byte[]> record(MentorPulseEvent event) {
        return record(eventsTopic, event);
    }

    /** The record an event is appended as: keyed by match, Avro single-object encoded, its type in a header. */
    public static ProducerRecord<String, byte[]> record(String topic, MentorPulseEvent event) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key(event), Topics.RAW_LOG.valueBytes(event));
        record.headers().add("ce_type", event.getType().getBytes(StandardCharsets.UTF_8));
        return record;
    }

    @Override
    public CompletableFuture<Void> holdForResolution(VendorEvent event) {
        try {
            return send(new ProducerRecord<>(pendingTopic, event.id(), JSON.writeValueAsBytes(event)));
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Void> deadLetter(DeadLetter letter) {
        return send(new ProducerRecord<>(deadLetterTopic, letter.key(), Topics.DEAD_LETTER_LOG.valueBytes(letter)));
    }

    private CompletableFuture<Void> send(ProducerRecord<String, byte[]> record) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        sendInto(record, done);
        return done;
    }

    private void sendInto(ProducerRecord<String, byte[]> record, CompletableFuture<Void> done) {
        try {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    done.completeExceptionally(error);
                } else {
                    done.complete(null);
                }
            });
        } catch (RuntimeException e) {
            // send() itself throws when metadata cannot be fetched within max.block.ms (broker away).
            done.completeExceptionally(e);
        }
    }

    @Override
    public boolean isReachable() {
        try {
            return CompletableFuture.supplyAsync(() -> producer.partitionsFor(eventsTopic))
                    .get(6, TimeUnit.SECONDS) != null;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        appender.shutdown();
        try {
            appender.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
    }
}
