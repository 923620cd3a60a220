package org.mentorpulse.streams;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.mentorpulse.config.ConfigurationException;
import org.mentorpulse.config.Settings;

/** What every MentorPulse Streams app shares: its base configuration, and how it runs as a service. */
public final class StreamsService {
    private StreamsService() {}

    /**
     * How long the apps' clients wait for a broker that is away before an operation fails. Kafka's default, 60 s,
     * is shorter than a broker's restart under load: in the broker-restart drill a transaction commit timed out,
     * which leaves the producer refusing every send until its thread is replaced ({@link ThreadReplacement}).
     */
    public static final Duration BROKER_WAIT = Duration.ofMinutes(5);

    /**
     * Exactly-once v2 (a store update and the records it causes commit together: a crash can neither lose nor
     * repeat one), from the start of the input, with the dead-letter handlers ({@link StreamsDeadLetters}).
     */
    public static Properties config(String applicationId, String bootstrapServers, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        int brokerWait = (int) BROKER_WAIT.toMillis();
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_BLOCK_MS_CONFIG), brokerWait);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG), brokerWait);
        // a thread blocked in a commit for the whole wait must still count as polling, or it leaves its group
        p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG), 2 * brokerWait);
        StreamsDeadLetters.install(p, applicationId);
        return p;
    }

    /**
     * A Streams app's {@code main}: settings from {@code args} ({@link StreamsSettings#LAYOUT}), then runs until
     * stopped. Exits 2 on bad settings, and 1 when the app stops on an error, so that a supervisor sees it
     * instead of a live process that does nothing.
     *
     * @param app builds the app from the settings and the bootstrap servers; may throw ConfigurationException
     */
    public static void run(String name, String[] args, Function<Settings, KafkaStreams> app) throws InterruptedException {
        run(name, args, app, (settings, streams) -> () -> { });
    }

    /** What runs beside a Streams app in its process (an HTTP server on its stores), closed when it ends. */
    public interface Alongside {
        AutoCloseable start(Settings settings, KafkaStreams streams) throws Exception;
    }

    /** As {@link #run(String, String[], Function)}, with {@code alongside} started once the app is. */
    public static void run(String name, String[] args, Function<Settings, KafkaStreams> app, Alongside alongside)
            throws InterruptedException {
        KafkaStreams streams;
        Settings settings;
        try {
            settings = Settings.fromCommandLine(StreamsSettings.LAYOUT, args);
            if (settings.string("kafka.bootstrap-servers").isEmpty()) {
                throw new ConfigurationException("set kafka.bootstrap-servers (MENTORPULSE_KAFKA_BOOTSTRAP_SERVERS)");
            }
            streams = ThreadReplacement.install(app.apply(settings), name);
        } catch (ConfigurationException e) {
            System.err.println("mentorpulse " + name + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch ended = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                ended.countDown();
            }
        });
        streams.start();
        AutoCloseable beside;
        try {
            beside = alongside.start(settings, streams);
        } catch (Exception e) {
            System.err.println("mentorpulse " + name + ": " + e.getMessage());
            streams.close(Duration.ofSeconds(30));
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                beside.close();
            } catch (Exception ignored) {
                // stopping anyway
            }
            streams.close(Duration.ofSeconds(30));
        }));
        ended.await();
        System.exit(streams.state() == KafkaStreams.State.ERROR ? 1 : 0);
    }
}
