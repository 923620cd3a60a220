package org.mentorpulse.streams.dedup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.Stores;
import org.mentorpulse.schema.LogClock;
import org.mentorpulse.schema.Topics;
import org.mentorpulse.streams.EveryPartition;
import org.mentorpulse.streams.StreamsDeadLetters;
import org.mentorpulse.streams.StreamsService;
import org.mentorpulse.streams.StreamsSettings;

/**
 * Kafka Streams app that turns the raw ingestion log into the canonical event log: each (source, id) passes
 * once, however often a sender retried it. Undecodable records go to the dead-letter topic with the reason.
 * Clock ticks go to every partition of the canonical log (see {@link org.mentorpulse.schema.LogClock}).
 *
 * <p>Memory is bounded by the window store's retention: ids are remembered for {@code retention} of ingestion
 * time. A repeat arriving later than that passes again; downstream tables are keyed by (source, id), so such a
 * late repeat still cannot double count there.
 */
public final class EventDeduplicationApp {
    public static final String APPLICATION_ID = "mentorpulse-dedup";
    static final String SEEN_STORE = "seen-event-ids";
    static final String CLOCK_STORE = "log-clock";
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    /** How often clock ticks go to every partition of the log (see DeduplicatingProcessor). */
    public static final Duration DEFAULT_CLOCK_INTERVAL = Duration.ofSeconds(10);
    /** How far ahead of the wall clock an event time may move the log clock (ingestion's own default bound). */
    public static final Duration DEFAULT_MAX_AHEAD = Duration.ofDays(1);

    private EventDeduplicationApp() {}

    public static Properties streamsConfig(String bootstrapServers, Path stateDir) {
        Properties p = StreamsService.config(APPLICATION_ID, bootstrapServers, stateDir);
        // dead letters name the deduplicator as the component that refused
        StreamsDeadLetters.install(p, DeduplicatingProcessor.COMPONENT);
        // ingestion answers a sender only once its events are durable; the canonical log should follow quickly
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        return p;
    }

    public static Topology buildTopology(Duration retention) {
        return buildTopology(retention, DEFAULT_CLOCK_INTERVAL);
    }

    public static Topology buildTopology(Duration retention, Duration clockInterval) {
        return buildTopology(retention, clockInterval, DEFAULT_MAX_AHEAD);
    }

    public static Topology buildTopology(Duration retention, Duration clockInterval, Duration maxAhead) {
        Topology topology = new Topology();
        topology.addSource("raw-events", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                Topics.RAW);
        topology.addProcessor(DeduplicatingProcessor.NAME, () -> new DeduplicatingProcessor(retention, clockInterval, maxAhead),
                "raw-events");
        topology.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(SEEN_STORE, retention, retention, false),
                Serdes.String(), Serdes.Long()), DeduplicatingProcessor.NAME);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CLOCK_STORE),
                Serdes.String(), Serdes.Long()), DeduplicatingProcessor.NAME);
        topology.addSink(DeduplicatingProcessor.TO_EVENTS, Topics.EVENTS, Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), new ClockTicksEverywhere(), DeduplicatingProcessor.NAME);
        topology.addSink(DeduplicatingProcessor.TO_DEAD_LETTERS, Topics.DEAD_LETTERS, Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), DeduplicatingProcessor.NAME);
        return topology;
    }

    /** Events go where their key hashes to (the default); clock ticks go to every partition. */
    static final class ClockTicksEverywhere implements StreamPartitioner<String, byte[]> {
        @Override
        public Optional<Set<Integer>> partitions(String topic, String key, byte[] value, int numPartitions) {
            return LogClock.KEY.equals(key) ? EveryPartition.all(numPartitions) : Optional.empty();
        }
    }

    /**
     * The deduplicator on its own: {@code java -cp ... org.mentorpulse.streams.dedup.EventDeduplicationApp
     * --kafka.bootstrap-servers kafka:9092 [--streams.state-dir DIR] [--config FILE]}. A record it cannot
     * handle is dead-lettered ({@link StreamsDeadLetters}); if the app stops all the same, the process exits 1
     * so that its supervisor sees it and restarts it, rather than leaving a live process that does nothing.
     */
    public static void main(String[] args) throws InterruptedException {
        StreamsService.run("deduplicator", args, settings -> new KafkaStreams(
                buildTopology(DEFAULT_RETENTION, StreamsSettings.clockInterval(settings)),
                streamsConfig(settings.string("kafka.bootstrap-servers"), settings.path("streams.state-dir"))));
    }
}
