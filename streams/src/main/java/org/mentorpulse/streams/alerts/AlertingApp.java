package org.mentorpulse.streams.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.mentorpulse.config.ConfigurationException;
import org.mentorpulse.config.Settings;
import org.mentorpulse.schema.AlertTransition;
import org.mentorpulse.schema.RiskChange;
import org.mentorpulse.schema.Topics;
import org.mentorpulse.streams.StreamsDeadLetters;
import org.mentorpulse.streams.StreamsSettings;

/**
 * The alerting app: each match's daily risk in ({@link Topics#RISK_LOG}), alert transitions out
 * ({@link Topics#ALERT_LOG}), with each match's {@link AlertBook} in a state store. The rules are
 * {@link AlertLifecycle}'s; this class is the topology, its configuration and its {@code main}.
 *
 * <p>Nudges, escalations, program managers' actions and delivery build on these transitions (issue 10, still
 * open); so far the app raises and resolves, and records with each raised alert whether the match is held out
 * and when its nudge is due.
 */
public final class AlertingApp {
    public static final String APPLICATION_ID = "mentorpulse-alerting";
    static final String BOOKS = "alert-books";
    static final String NEWEST = "newest-day";

    private AlertingApp() {}

    public static Properties streamsConfig(String bootstrapServers, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // a transition and the book that records it commit together: none lost, none twice
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        StreamsDeadLetters.install(p, APPLICATION_ID);
        return p;
    }

    public static Topology buildTopology(AlertRules rules) {
        Topology topology = new Topology();
        topology.addSource("risk", Topics.RISK_LOG.keys().deserializer(), Topics.RISK_LOG.values().deserializer(),
                Topics.RISK);
        topology.addProcessor("alert-lifecycle", () -> new LifecycleProcessor(rules), "risk");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BOOKS), Serdes.String(),
                json(AlertBook.class)), "alert-lifecycle");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(NEWEST), Serdes.String(),
                Serdes.String()), "alert-lifecycle");
        topology.addSink("alerts", Topics.ALERTS, Topics.ALERT_LOG.keys().serializer(),
                Topics.ALERT_LOG.values().serializer(), "alert-lifecycle");
        return topology;
    }

    static final class LifecycleProcessor implements Processor<String, RiskChange, String, AlertTransition> {
        private final AlertRules rules;
        private ProcessorContext<String, AlertTransition> context;
        private KeyValueStore<String, AlertBook> books;
        private KeyValueStore<String, String> newest;

        LifecycleProcessor(AlertRules rules) {
            this.rules = rules;
        }

        @Override
        public void init(ProcessorContext<String, AlertTransition> context) {
            this.context = context;
            this.books = context.getStateStore(BOOKS);
            this.newest = context.getStateStore(NEWEST);
        }

        @Override
        public void process(Record<String, RiskChange> record) {
            RiskChange risk = record.value();
            String known = newest.get(NEWEST);
            String newestDay = known == null || risk.day().compareTo(known) > 0 ? risk.day() : known;
            newest.put(NEWEST, newestDay);
            AlertBook book = books.get(risk.matchId());
            if (book == null) {
                book = new AlertBook();
            }
            for (AlertTransition t : AlertLifecycle.apply(book, risk, newestDay, rules)) {
                context.forward(record.withKey(risk.matchId()).withValue(t));
            }
            books.put(risk.matchId(), book);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static <T> Serde<T> json(Class<T> type) {
        return Serdes.serdeFrom((topic, value) -> {
            try {
                return JSON.writeValueAsBytes(value);
            } catch (IOException e) {
                throw new SerializationException(e);
            }
        }, (topic, bytes) -> {
            try {
                return bytes == null ? null : JSON.readValue(bytes, type);
            } catch (IOException e) {
                throw new SerializationException(e);
            }
        });
    }

    /**
     * {@code java -cp ... org.mentorpulse.streams.alerts.AlertingApp --kafka.bootstrap-servers kafka:9092
     * [--streams.state-dir DIR] [--alerts.recent-days 2]}: exits 1 when the app stops on an error, 2 on bad
     * settings.
     */
    public static void main(String[] args) throws InterruptedException {
        Settings settings;
        String bootstrap;
        try {
            settings = Settings.fromCommandLine(StreamsSettings.LAYOUT, args);
            bootstrap = settings.string("kafka.bootstrap-servers");
            if (bootstrap.isEmpty()) {
                throw new ConfigurationException("set kafka.bootstrap-servers (MENTORPULSE_KAFKA_BOOTSTRAP_SERVERS)");
            }
            AlertRules.from(settings);
        } catch (ConfigurationException e) {
            System.err.println("mentorpulse alerting: " + e.getMessage());
            System.exit(2);
            return;
        }
        KafkaStreams streams = new KafkaStreams(buildTopology(AlertRules.from(settings)),
                streamsConfig(bootstrap, settings.path("streams.state-dir").resolve("alerting")));
        CountDownLatch ended = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                ended.countDown();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> streams.close(Duration.ofSeconds(30))));
        streams.start();
        ended.await();
        System.exit(streams.state() == KafkaStreams.State.ERROR ? 1 : 0);
    }
}
