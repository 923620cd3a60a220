package org.mentorpulse.streams.notify;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.mentorpulse.config.Settings;
import org.mentorpulse.schema.AlertTransition;
import org.mentorpulse.schema.Contact;
import org.mentorpulse.schema.Delivery;
import org.mentorpulse.schema.Notification;
import org.mentorpulse.schema.Topics;
import org.mentorpulse.streams.StreamsService;
import org.mentorpulse.streams.alerts.AlertRules;
import org.mentorpulse.streams.alerts.ContactsKeeper;
import org.mentorpulse.streams.alerts.Manager;
import org.mentorpulse.streams.alerts.QuietHours;

/**
 * The notifier: the messages the alerting app decided to send ({@link Topics#NOTIFICATION_LOG}, keyed by
 * recipient) in; each delivered on every channel of its recipient ({@link Deliverer}), every outcome on
 * {@link Topics#DELIVERY_LOG}, and a failure also as a {@code delivery_failed} transition on
 * {@link Topics#ALERT_LOG}, so the program manager sees it.
 *
 * <p>At least once, a repeat always the same message: a store remembers each (notification, channel) sent,
 * committed with the input's offset, so a notification read again after a crash is not sent again on a channel
 * that had succeeded; and a local {@link SentLedger}, written the moment a channel accepts, covers what was sent
 * after the last commit, before a kill. What is left is a kill while the receiver is taking a message (it has it,
 * its answer has not come back), or a task that moves to another host after a crash: the message goes again with
 * the same key (Message-ID, {@code webhook-id}). A manager in digest mode gets their escalations once a day, in
 * working hours, as one message.
 */
public final class NotifierApp {
    public static final String APPLICATION_ID = "mentorpulse-notifier";
    static final String SENT = "notifications-sent";
    static final String DIGEST = "digest-waiting";
    static final String LAST_DIGEST = "digest-last-day";
    static final String CONTACTS = "notifier-contacts";

    private NotifierApp() {}

    public static Properties streamsConfig(String bootstrapServers, Path stateDir) {
        Properties config = StreamsService.config(APPLICATION_ID, bootstrapServers, stateDir);
        // a record may wait out a few retries with backoff; well inside the poll interval, but not instant
        config.put(StreamsConfig.consumerPrefix("max.poll.records"), 50);
        // sending is waiting on mail servers and webhooks: one thread per partition of the topic sends in parallel
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 3);
        return config;
    }

    /**
     * Where the notifier keeps its ledgers of sent messages: beside the Streams state, not in it (Streams wipes a
     * task's directory after a crash).
     */
    public static Path ledgerDirectory(Path streamsStateDir) {
        return streamsStateDir.resolve(APPLICATION_ID + "-sent-ledger");
    }

    public static Topology buildTopology(AlertRules rules, Deliverer deliverer, Duration tick, Path ledgerDirectory) {
        Topology topology = new Topology();
        topology.addGlobalStore(Stores.timestampedKeyValueStoreBuilder(
                        Stores.persistentTimestampedKeyValueStore(CONTACTS), Serdes.String(),
                        Topics.DIRECTORY_LOG.values()).withLoggingDisabled(), "directory",
                Topics.DIRECTORY_LOG.keys().deserializer(), Topics.DIRECTORY_LOG.values().deserializer(),
                Topics.DIRECTORY, "contacts-keeper", () -> new ContactsKeeper(CONTACTS));
        topology.addSource("notifications", Topics.NOTIFICATION_LOG.keys().deserializer(),
                Topics.NOTIFICATION_LOG.values().deserializer(), Topics.NOTIFICATIONS);
        topology.addProcessor("deliver", () -> new DeliverProcessor(rules, deliverer, tick, ledgerDirectory),
                "notifications");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SENT), Serdes.String(),
                Serdes.String()), "deliver");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DIGEST), Serdes.String(),
                Topics.json(Notification.class)), "deliver");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LAST_DIGEST),
                Serdes.String(), Serdes.String()), "deliver");
        topology.addSink("deliveries", Topics.DELIVERIES, Topics.DELIVERY_LOG.keys().serializer(),
                Topics.DELIVERY_LOG.values().serializer(), "deliver");
        topology.addSink("failures", Topics.ALERTS, Topics.ALERT_LOG.keys().serializer(),
                Topics.ALERT_LOG.values().serializer(), "deliver");
        return topology;
    }

    static final class DeliverProcessor implements Processor<String, Notification, String, Object> {
        private final AlertRules rules;
        private final Deliverer deliverer;
        private final Duration tick;
        private final Path ledgerDirectory;
        private ProcessorContext<String, Object> context;
        private SentLedger ledger;
        private KeyValueStore<String, String> sent;
        private KeyValueStore<String, Notification> digest;
        private KeyValueStore<String, String> lastDigest;
        private TimestampedKeyValueStore<String, Contact> contacts;

        DeliverProcessor(AlertRules rules, Deliverer deliverer, Duration tick, Path ledgerDirectory) {
            this.rules = rules;
            this.deliverer = deliverer;
            this.tick = tick;
            this.ledgerDirectory = ledgerDirectory;
        }

        @Override
        public void init(ProcessorContext<String, Object> context) {
            this.context = context;
            this.sent = context.getStateStore(SENT);
            this.digest = context.getStateStore(DIGEST);
            this.lastDigest = context.getStateStore(LAST_DIGEST);
            this.contacts = context.getStateStore(CONTACTS);
            this.ledger = SentLedger.open(ledgerDirectory, context.taskId().toString(),
                    key -> Delivery.SENT.equals(sent.get(key)), nowNanos());
            context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, now -> {
                sendDigests(now);
                ledger.prune(nowNanos());
            });
        }

        @Override
        public void close() {
            if (ledger != null) {
                ledger.close();
            }
        }

        /** The wall clock Streams gives (the test driver's in tests), for the ledger's ages. */
        private long nowNanos() {
            return context.currentSystemTimeMs() * 1_000_000L;
        }

        @Override
        public void process(Record<String, Notification> record) {
            Notification n = record.value();
            if (Notification.ERASE.equals(n.purpose())) {
                forget(n.recipientId());
                return;
            }
            Optional<Recipient> recipient = recipient(n);
            if (recipient.isPresent() && recipient.get().digest() && Notification.ESCALATION.equals(n.purpose())) {
                digest.put(n.recipientId() + "|" + n.id(), n);
                return;
            }
            deliver(n, recipient, record.timestamp());
        }

        /** An erased participant: the records of what was sent to them go (their keys name them). */
        private void forget(String participantId) {
            List<String> keys = new ArrayList<>();
            try (KeyValueIterator<String, String> it = sent.all()) {
                it.forEachRemaining(kv -> {
                    if (SentLedger.names(kv.key, participantId)) {
                        keys.add(kv.key);
                    }
                });
            }
            keys.forEach(sent::delete);
            ledger.forget(participantId);
        }

        private Optional<Recipient> recipient(Notification n) {
            if (Notification.MANAGER.equals(n.recipientRole())) {
                return rules.managers().byId(n.recipientId()).map(Recipient::of);
            }
            return Optional.ofNullable(contacts.get(n.recipientId())).map(ValueAndTimestamp::value).map(Recipient::of);
        }

        private void deliver(Notification n, Optional<Recipient> recipient, long timestamp) {
            List<Delivery> outcomes;
            if (recipient.isEmpty()) {
                outcomes = List.of(new Delivery(n.id(), n.purpose(), n.recipientId(), n.programId(), "none",
                        Delivery.FAILED, 0, "recipient " + n.recipientId() + " is unknown (not registered, erased, "
                        + "or not in the managers file)", Instant.ofEpochMilli(context.currentSystemTimeMs()).toString(),
                        n.alerts().stream().map(Notification.AlertSummary::alertId).toList()));
            } else {
                List<String> done = new ArrayList<>();
                outcomes = new ArrayList<>();
                for (String channel : recipient.get().channels()) {
                    if (Delivery.SENT.equals(sent.get(SentLedger.key(n.id(), channel)))) {
                        done.add(channel);
                    } else {
                        // sent by a run killed before it could commit: its outcome stands, the message does not go again
                        Optional<Delivery> before = ledger.carried(n.id(), channel);
                        if (before.isPresent()) {
                            done.add(channel);
                            outcomes.add(before.get());
                            ledger.settle(n.id(), channel, nowNanos());
                        }
                    }
                }
                outcomes.addAll(deliverer.deliver(n, recipient.get(), done, d -> ledger.sent(d, nowNanos())));
            }
            for (Delivery d : outcomes) {
                if (Delivery.SENT.equals(d.status())) {
                    sent.put(SentLedger.key(n.id(), d.channel()), Delivery.SENT);
                }
                context.forward(new Record<>(n.recipientId(), (Object) d, timestamp), "deliveries");
                if (!Delivery.SENT.equals(d.status())) {
                    for (Notification.AlertSummary a : n.alerts()) {
                        context.forward(new Record<>(a.matchId(), (Object) failed(n, a, d), timestamp), "failures");
                    }
                }
            }
        }

        private static AlertTransition failed(Notification n, Notification.AlertSummary alert, Delivery d) {
            return new AlertTransition(alert.alertId(), alert.matchId(), n.programId(), alert.cohortId(), alert.kind(),
                    AlertTransition.DELIVERY_FAILED, LocalDate.ofInstant(Instant.parse(d.at()),
                            java.time.ZoneOffset.UTC).toString(), d.at(),
                    n.purpose() + " to " + n.recipientRole() + " " + n.recipientId() + " " + d.status() + ": "
                            + d.reason(), AlertTransition.SYSTEM, d.channel(), null, null, n.recipientId());
        }

        /** Once a day per manager, in their working hours: everything waiting for them, as one message. */
        private void sendDigests(long nowMillis) {
            Instant now = Instant.ofEpochMilli(nowMillis);
            TreeMap<String, List<KeyValue<String, Notification>>> byManager = new TreeMap<>();
            try (KeyValueIterator<String, Notification> it = digest.all()) {
                it.forEachRemaining(kv -> byManager.computeIfAbsent(kv.value.recipientId(), k -> new ArrayList<>())
                        .add(kv));
            }
            QuietHours quiet = rules.quietHours();
            byManager.forEach((managerId, waiting) -> {
                Optional<Manager> manager = rules.managers().byId(managerId);
                Recipient recipient = manager.map(Recipient::of).orElse(null);
                java.time.ZoneId zone = recipient == null ? java.time.ZoneOffset.UTC : recipient.zone();
                String today = LocalDate.ofInstant(now, zone).toString();
                if (today.equals(lastDigest.get(managerId)) || quiet.nextAllowed(now, zone).isAfter(now)) {
                    return;
                }
                List<Notification.AlertSummary> alerts = waiting.stream().flatMap(kv -> kv.value.alerts().stream())
                        .toList();
                Notification first = waiting.get(0).value;
                Notification digestMessage = new Notification("digest/" + managerId + "/" + today, Notification.DIGEST,
                        managerId, Notification.MANAGER, first.programId(), now.toString(), alerts);
                deliver(digestMessage, Optional.ofNullable(recipient), nowMillis);
                lastDigest.put(managerId, today);
                waiting.forEach(kv -> digest.delete(kv.key));
            });
        }
    }

    /** The notifier's channels and retries from {@code notify.*}. */
    public static Deliverer deliverer(Settings settings, Clock clock) {
        EmailChannel.Smtp smtp = new EmailChannel.Smtp(settings.string("notify.smtp.host"),
                settings.port("notify.smtp.port"), settings.string("notify.smtp.from"),
                settings.string("notify.smtp.username"), settings.string("notify.smtp.password"),
                settings.flag("notify.smtp.starttls"), settings.positiveInt("notify.timeout-millis"));
        return Deliverer.standard(smtp, new MessageRenderer(settings.string("notify.console-url")),
                new Deliverer.Retries(settings.positiveInt("notify.max-attempts"),
                        Duration.ofMillis(settings.positiveInt("notify.first-retry-millis")),
                        Duration.ofMillis(settings.positiveInt("notify.max-retry-millis"))),
                Duration.ofMillis(settings.positiveInt("notify.timeout-millis")), clock);
    }

    /**
     * {@code java -cp ... org.mentorpulse.streams.notify.NotifierApp --kafka.bootstrap-servers kafka:9092
     * --notify.smtp.host mail --alerts.managers-file managers.json}: exits 1 when the app stops on an error, 2 on
     * bad settings.
     */
    public static void main(String[] args) throws InterruptedException {
        StreamsService.run("notifier", args, settings -> new KafkaStreams(buildTopology(AlertRules.from(settings),
                deliverer(settings, Clock.systemUTC()), Duration.ofMillis(settings.positiveInt("alerts.tick-millis")),
                ledgerDirectory(settings.path("streams.state-dir"))),
                streamsConfig(settings.string("kafka.bootstrap-servers"), settings.path("streams.state-dir"))));
    }
}
