package org.mentorpulse.streams.alerts;

import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.mentorpulse.schema.AlertTransition;
import org.mentorpulse.schema.RiskChange;
import org.mentorpulse.schema.Topics;
import org.mentorpulse.streams.StreamsService;

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

    /** Exactly-once: a transition and the book that records it commit together, none lost, none twice. */
    public static Properties streamsConfig(String bootstrapServers, Path stateDir) {
        return StreamsService.config(APPLICATION_ID, bootstrapServers, stateDir);
    }

    public static Topology buildTopology(AlertRules rules) {
        Topology topology = new Topology();
        topology.addSource("risk", Topics.RISK_LOG.keys().deserializer(), Topics.RISK_LOG.values().deserializer(),
                Topics.RISK);
        topology.addProcessor("alert-lifecycle", () -> new LifecycleProcessor(rules), "risk");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BOOKS), Serdes.String(),
                Topics.json(AlertBook.class)), "alert-lifecycle");
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

    /**
     * {@code java -cp ... org.mentorpulse.streams.alerts.AlertingApp --kafka.bootstrap-servers kafka:9092
     * [--streams.state-dir DIR] [--alerts.recent-days 2]}: exits 1 when the app stops on an error, 2 on bad
     * settings.
     */
    public static void main(String[] args) throws InterruptedException {
        StreamsService.run("alerting", args, settings -> new KafkaStreams(buildTopology(AlertRules.from(settings)),
                streamsConfig(settings.string("kafka.bootstrap-servers"), settings.path("streams.state-dir"))));
    }
}
