package org.mentorpulse.ingestion.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.mentorpulse.ingestion.EventLogUnavailableException;
import org.mentorpulse.ingestion.IngestionService;
import org.mentorpulse.ingestion.IngestionService.ReceivedEvent;
import org.mentorpulse.ingestion.auth.SourceCredential;
import org.mentorpulse.ingestion.webhooks.VendorEvent;
import org.mentorpulse.schema.LogRecord;
import org.mentorpulse.schema.Topics;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves vendor events against a directory fed from the log. One thread: it reads the canonical log from
 * the beginning into the {@link IdentityDirectory}, reads the pending topic, and whenever either brings
 * something new, retries every held event. Resolved events go through {@link IngestionService} like any
 * other (validation, dead letters, durable append).
 */
public final class IdentityResolverService implements AutoCloseable {
    public static final String CONSUMER_GROUP = "mentorpulse-identity-resolver";
    private static final Logger LOG = LoggerFactory.getLogger(IdentityResolverService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SourceCredential WEBHOOKS = new SourceCredential("webhooks", "/", false);

    private final String bootstrap;
    private final IngestionService ingestion;
    private final IdentityDirectory directory = new IdentityDirectory();
    private final PendingEvents pending = new PendingEvents();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile KafkaConsumer<byte[], byte[]> log;
    private volatile KafkaConsumer<byte[], byte[]> held;
    private volatile int heldCount;
    private static final long RETRY_EVERY_NANOS = Duration.ofSeconds(10).toNanos();
    private long lastAttempt;

    public IdentityResolverService(String bootstrap, IngestionService ingestion) {
        this.bootstrap = bootstrap;
        this.ingestion = ingestion;
        this.thread = new Thread(this::run, "mentorpulse-identity-resolver");
        this.thread.setDaemon(true);
    }

    public IdentityResolverService start() {
        thread.start();
        return this;
    }

    /** Whether its thread is still resolving (it ends only when closed, or on an error it cannot survive). */
    public boolean isRunning() {
        return thread.isAlive();
    }

    /** Vendor events still waiting for identities, as of the last pass. */
    public int heldCount() {
        return heldCount;
    }

    private Properties consumerConfig(String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        if (group != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return p;
    }

    private void run() {
        try (KafkaConsumer<byte[], byte[]> logConsumer = new KafkaConsumer<>(consumerConfig(null),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
                KafkaConsumer<byte[], byte[]> heldConsumer = new KafkaConsumer<>(consumerConfig(CONSUMER_GROUP),
                        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            this.log = logConsumer;
            this.held = heldConsumer;
            List<TopicPartition> partitions = logConsumer.partitionsFor(Topics.EVENTS).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            logConsumer.assign(partitions);
            logConsumer.seekToBeginning(partitions);
            heldConsumer.subscribe(List.of(Topics.PENDING_IDENTITY));
            while (running.get()) {
                boolean changed = false;
                for (ConsumerRecord<byte[], byte[]> r : logConsumer.poll(Duration.ofMillis(200))) {
                    try {
                        if (Topics.EVENT_LOG.value(r) instanceof LogRecord.Event e) { // not a clock tick
                            changed |= directory.apply(e.event());
                        }
                    } catch (SerializationException e) {
                        LOG.warn("skipping an undecodable record of {} at offset {}", r.topic(), r.offset());
                    }
                }
                for (ConsumerRecord<byte[], byte[]> r : heldConsumer.poll(Duration.ofMillis(200))) {
                    try {
                        pending.add(r.partition(), r.offset(), JSON.readValue(r.value(), VendorEvent.class));
                        changed = true;
                    } catch (IOException e) {
                        LOG.error("a pending record at offset {} is not a vendor event: {}", r.offset(), e.getMessage());
                    }
                }
                // retry on news, and every so often anyway: a store that failed last time may work now
                if (changed || pending.size() > 0 && System.nanoTime() - lastAttempt > RETRY_EVERY_NANOS) {
                    lastAttempt = System.nanoTime();
                    resolveWhatWeCan();
                    commit(heldConsumer);
                }
                heldCount = pending.size();
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("identity resolution stopped: {}", e.toString(), e);
        }
    }

    private void resolveWhatWeCan() {
        List<PendingEvents.Ready> ready = pending.resolvable(directory);
        if (ready.isEmpty()) {
            return;
        }
        List<ReceivedEvent> events = new ArrayList<>(ready.size());
        for (PendingEvents.Ready r : ready) {
            events.add(new ReceivedEvent(r.event(), 0));
        }
        try {
            ingestion.ingest(events, WEBHOOKS);
            pending.done(ready);
            LOG.info("resolved {} vendor events; {} still wait for identities", ready.size(), pending.size());
        } catch (EventLogUnavailableException e) {
            LOG.warn("resolved events not stored yet, will retry: {}", e.getMessage());
        }
    }

    private void commit(KafkaConsumer<byte[], byte[]> consumer) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        pending.committable().forEach((partition, offset) ->
                offsets.put(new TopicPartition(Topics.PENDING_IDENTITY, partition), new OffsetAndMetadata(offset)));
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
        }
    }

    @Override
    public void close() {
        running.set(false);
        KafkaConsumer<byte[], byte[]> l = log;
        KafkaConsumer<byte[], byte[]> h = held;
        if (l != null) {
            l.wakeup();
        }
        if (h != null) {
            h.wakeup();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
