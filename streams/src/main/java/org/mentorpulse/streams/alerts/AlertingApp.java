package org.mentorpulse.streams.alerts;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.mentorpulse.schema.AlertTransition;
import org.mentorpulse.schema.Contact;
import org.mentorpulse.schema.LogRecord;
import org.mentorpulse.schema.MentorPulseEvent;
import org.mentorpulse.schema.Notification;
import org.mentorpulse.schema.RiskChange;
import org.mentorpulse.schema.Topics;
import org.mentorpulse.schema.events.ParticipantErased;
import org.mentorpulse.schema.events.ParticipantRegistered;
import org.mentorpulse.streams.EveryPartition;
import org.mentorpulse.streams.StreamsService;

/**
 * The alerting app: each match's daily risk ({@link Topics#RISK_LOG}) and events ({@link Topics#EVENT_LOG}) in;
 * alert transitions ({@link Topics#ALERT_LOG}) and the messages to send ({@link Topics#NOTIFICATION_LOG}) out.
 * The rules are plain Java ({@link AlertLifecycle}, {@link Dispatcher}); this class is the topology, its
 * configuration and its {@code main}:
 * <ol>
 *   <li>by match: the {@link AlertBook}s, and an index of when each book next falls due, which a wall-clock
 *       punctuation walks (escalations, snoozes waking);</li>
 *   <li>by program (re-keyed through a repartition topic): the dispatcher, with the day's counts for the caps and
 *       the requests waiting for working hours or the next day;</li>
 *   <li>participants' contacts, from {@code participant.registered} into {@link Topics#DIRECTORY_LOG} and back as
 *       a global store, so any match can find its pair's zones.</li>
 * </ol>
 */
public final class AlertingApp {
    public static final String APPLICATION_ID = "mentorpulse-alerting";
    public static final String BOOKS = "alert-books";
    static final String DUE = "alert-due";
    static final String NEWEST = "newest-day";
    static final String SENT_TODAY = "dispatch-sent-today";
    static final String WAITING = "dispatch-waiting";
    public static final String CONTACTS = "contacts";

    private AlertingApp() {}

    /** Exactly-once: a transition and the book that records it commit together, none lost, none twice. */
    public static Properties streamsConfig(String bootstrapServers, Path stateDir) {
        return StreamsService.config(APPLICATION_ID, bootstrapServers, stateDir);
    }

    /** @param tick how often the wall-clock punctuations look for what has fallen due */
    public static Topology buildTopology(AlertRules rules, Duration tick) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BOOKS), Serdes.String(),
                Topics.json(AlertBook.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DUE), Serdes.String(),
                Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(NEWEST), Serdes.String(),
                Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SENT_TODAY),
                Serdes.String(), Serdes.Integer()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WAITING), Serdes.String(),
                Topics.json(DispatchRequest.class)));
        builder.addGlobalStore(Stores.timestampedKeyValueStoreBuilder(Stores.persistentTimestampedKeyValueStore(CONTACTS),
                Serdes.String(), Topics.DIRECTORY_LOG.values()).withLoggingDisabled(), Topics.DIRECTORY,
                Consumed.with(Topics.DIRECTORY_LOG.keys(), Topics.DIRECTORY_LOG.values()), () -> new ContactsKeeper(CONTACTS));

        KStream<String, LogRecord> log = builder.stream(Topics.EVENTS,
                Consumed.with(Topics.EVENT_LOG.keys(), Topics.EVENT_LOG.values()).withName("events"));
        KStream<String, MentorPulseEvent> events = log.flatMapValues(r -> r instanceof LogRecord.Event e
                ? List.of(e.event()) : List.of(), Named.as("events-only"));
        events.flatMap((key, event) -> contactUpdate(event), Named.as("contacts-of-registrations"))
                .to(Topics.DIRECTORY, Produced.with(Topics.DIRECTORY_LOG.keys(), Topics.DIRECTORY_LOG.values()));

        // an erasure goes to every partition of the erasures topic, so that every task scrubs the books it holds
        events.filter((k, e) -> e.getData() instanceof ParticipantErased, Named.as("erasures"))
                .map((k, e) -> KeyValue.pair(k, ((ParticipantErased) e.getData()).getParticipantId()),
                        Named.as("erased-ids"))
                .to(Topics.ERASURES, Produced.with(Serdes.String(), Serdes.String())
                        .withStreamPartitioner(new EveryPartition<>()));
        KStream<String, Object> erasures = builder.stream(Topics.ERASURES,
                        Consumed.with(Serdes.String(), Serdes.String()).withName("erasure-notices"))
                .mapValues(id -> (Object) new ErasureNotice(id), Named.as("erasures-in"));

        KStream<String, Object> inputs = builder.stream(Topics.RISK,
                        Consumed.with(Topics.RISK_LOG.keys(), Topics.RISK_LOG.values()).withName("risk"))
                .mapValues(r -> (Object) r, Named.as("risk-in"))
                .merge(events.filter((k, e) -> e.getSubject() != null, Named.as("match-events"))
                        .mapValues(e -> (Object) e, Named.as("events-in")), Named.as("alert-inputs"))
                .merge(erasures, Named.as("alert-and-erasure-inputs"));
        KStream<String, Object> lifecycle = inputs.process(() -> new LifecycleProcessor(rules, tick),
                Named.as("alert-lifecycle"), BOOKS, DUE, NEWEST);
        KStream<String, Object> dispatched = lifecycle
                .filter((k, v) -> v instanceof DispatchRequest, Named.as("requests"))
                .map((k, v) -> KeyValue.pair(((DispatchRequest) v).programId(), (DispatchRequest) v),
                        Named.as("by-program"))
                .repartition(Repartitioned.<String, DispatchRequest>as("dispatch").withKeySerde(Serdes.String())
                        .withValueSerde(Topics.json(DispatchRequest.class)))
                .process(() -> new DispatchProcessor(rules, tick), Named.as("dispatcher"), SENT_TODAY, WAITING);

        lifecycle.merge(dispatched, Named.as("all-outputs"))
                .filter((k, v) -> v instanceof AlertTransition, Named.as("transitions"))
                .map((k, v) -> KeyValue.pair(((AlertTransition) v).matchId(), (AlertTransition) v),
                        Named.as("by-match"))
                .to(Topics.ALERTS, Produced.with(Topics.ALERT_LOG.keys(), Topics.ALERT_LOG.values()));
        dispatched.filter((k, v) -> v instanceof Notification, Named.as("notifications"))
                .map((k, v) -> KeyValue.pair(((Notification) v).recipientId(), (Notification) v),
                        Named.as("by-recipient"))
                .to(Topics.NOTIFICATIONS, Produced.with(Topics.NOTIFICATION_LOG.keys(),
                        Topics.NOTIFICATION_LOG.values()));
        return builder.build();
    }

    /** A registration's contact, or an erasure's tombstone, keyed by participant; nothing for other events. */
    static List<KeyValue<String, Contact>> contactUpdate(MentorPulseEvent event) {
        if (event.getData() instanceof ParticipantRegistered p) {
            String email = p.getExternalIdentities().stream().filter(i -> "email".equals(i.getSystem()))
                    .map(i -> i.getExternalId()).findFirst().orElse(null);
            return List.of(KeyValue.pair(p.getParticipantId(), new Contact(p.getParticipantId(), p.getProgramId(),
                    p.getRole().name(), p.getTimezone(), p.getLanguage(), email)));
        }
        if (event.getData() instanceof ParticipantErased erased) {
            return List.of(KeyValue.pair(erased.getParticipantId(), null));
        }
        return List.of();
    }

    /** A participant to forget, on its way to every task of the lifecycle. */
    record ErasureNotice(String participantId) {}

    /** Looks a participant up in the global contacts store. */
    static Optional<Contact> contact(TimestampedKeyValueStore<String, Contact> store, String participantId) {
        ValueAndTimestamp<Contact> found = store.get(participantId);
        return Optional.ofNullable(found).map(ValueAndTimestamp::value);
    }

    /** By match: runs {@link AlertLifecycle} on each input and, on a wall-clock tick, on what has fallen due. */
    static final class LifecycleProcessor implements Processor<String, Object, String, Object> {
        private final AlertRules rules;
        private final Duration tick;
        private AlertLifecycle lifecycle;
        private ProcessorContext<String, Object> context;
        private KeyValueStore<String, AlertBook> books;
        private KeyValueStore<String, String> due;
        private KeyValueStore<String, String> newest;

        LifecycleProcessor(AlertRules rules, Duration tick) {
            this.rules = rules;
            this.tick = tick;
        }

        @Override
        public void init(ProcessorContext<String, Object> context) {
            this.context = context;
            this.books = context.getStateStore(BOOKS);
            this.due = context.getStateStore(DUE);
            this.newest = context.getStateStore(NEWEST);
            TimestampedKeyValueStore<String, Contact> contacts = context.getStateStore(CONTACTS);
            this.lifecycle = new AlertLifecycle(rules, id -> contact(contacts, id));
            context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::fireDue);
        }

        @Override
        public void process(Record<String, Object> record) {
            if (record.value() instanceof ErasureNotice notice) {
                forget(notice.participantId(), record);
                return;
            }
            String matchId = record.key();
            AlertBook book = Optional.ofNullable(books.get(matchId)).orElseGet(AlertBook::new);
            Optional<Instant> dueBefore = book.nextDue();
            AlertEffects effects;
            if (record.value() instanceof RiskChange risk) {
                // per program: programs run on calendars of their own, and one's replay is not another's present
                String program = risk.programId() == null ? "" : risk.programId();
                String known = newest.get(program);
                String newestDay = known == null || risk.day().compareTo(known) > 0 ? risk.day() : known;
                newest.put(program, newestDay);
                effects = lifecycle.onRisk(book, risk, newestDay);
            } else {
                effects = lifecycle.onEvent(book, (MentorPulseEvent) record.value());
            }
            save(matchId, book, dueBefore);
            emit(record, effects);
        }

        /**
         * The books of this task that name the participant name them no more; the dispatcher of each of their
         * programs drops what waits for them, and the notifier forgets them.
         */
        private void forget(String participantId, Record<String, Object> cause) {
            List<AlertBook> named = new java.util.ArrayList<>();
            try (KeyValueIterator<String, AlertBook> it = books.all()) {
                it.forEachRemaining(kv -> {
                    if (participantId.equals(kv.value.mentorId) || participantId.equals(kv.value.menteeId)) {
                        named.add(kv.value);
                    }
                });
            }
            java.util.Set<String> programs = new java.util.TreeSet<>();
            for (AlertBook book : named) {
                book.mentorId = participantId.equals(book.mentorId) ? AlertBook.ERASED : book.mentorId;
                book.menteeId = participantId.equals(book.menteeId) ? AlertBook.ERASED : book.menteeId;
                books.put(book.matchId, book);
                programs.add(book.programId == null ? "" : book.programId);
            }
            programs.forEach(program -> context.forward(cause.withKey(program)
                    .withValue(DispatchRequest.erase(program, participantId))));
        }

        private void fireDue(long now) {
            List<KeyValue<String, String>> fallen = new java.util.ArrayList<>();
            try (KeyValueIterator<String, String> it = due.range("", dueKey(now, "\uffff"))) {
                it.forEachRemaining(fallen::add);
            }
            for (KeyValue<String, String> entry : fallen) {
                String matchId = entry.value;
                AlertBook book = books.get(matchId);
                due.delete(entry.key);
                if (book == null) {
                    continue;
                }
                AlertEffects effects = lifecycle.onDue(book, Instant.ofEpochMilli(now));
                books.put(matchId, book);
                book.nextDue().ifPresent(next -> due.put(dueKey(next.toEpochMilli(), matchId), matchId));
                emit(new Record<>(matchId, null, now), effects);
            }
        }

        /** Saves the book and moves its entry in the due index. */
        private void save(String matchId, AlertBook book, Optional<Instant> dueBefore) {
            books.put(matchId, book);
            Optional<Instant> dueAfter = book.nextDue();
            if (!dueAfter.equals(dueBefore)) {
                dueBefore.ifPresent(at -> due.delete(dueKey(at.toEpochMilli(), matchId)));
                dueAfter.ifPresent(at -> due.put(dueKey(at.toEpochMilli(), matchId), matchId));
            }
        }

        private void emit(Record<String, Object> cause, AlertEffects effects) {
            effects.transitions.forEach(t -> context.forward(cause.withKey(t.matchId()).withValue(t)));
            effects.requests.forEach(r -> context.forward(cause.withKey(r.programId()).withValue(r)));
        }
    }

    /** Index keys sort by time: the instant zero-padded, then the match. */
    static String dueKey(long epochMilli, String matchId) {
        return String.format("%015d|%s", epochMilli, matchId);
    }

    /** By program: sends what may go now, keeps the rest waiting, and releases it on a wall-clock tick. */
    static final class DispatchProcessor implements Processor<String, DispatchRequest, String, Object> {
        private final Dispatcher dispatcher;
        private final Duration tick;
        private ProcessorContext<String, Object> context;
        private KeyValueStore<String, Integer> sentToday;
        private KeyValueStore<String, DispatchRequest> waiting;

        DispatchProcessor(AlertRules rules, Duration tick) {
            this.dispatcher = new Dispatcher(rules);
            this.tick = tick;
        }

        @Override
        public void init(ProcessorContext<String, Object> context) {
            this.context = context;
            this.sentToday = context.getStateStore(SENT_TODAY);
            this.waiting = context.getStateStore(WAITING);
            context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::release);
        }

        @Override
        public void process(Record<String, DispatchRequest> record) {
            DispatchRequest request = record.value();
            Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
            if (request.cancel() && DispatchRequest.ERASE.equals(request.purpose())) {
                dropWaiting(w -> request.recipientId().equals(w.recipientId()));
                context.forward(record.withValue(new Notification(Notification.ERASE + "/" + request.recipientId(),
                        Notification.ERASE, request.recipientId(), null, request.programId(), now.toString(),
                        List.of())));
                return;
            }
            if (request.cancel()) {
                dropWaiting(w -> w.alertId().equals(request.alertId())
                        && (request.purpose() == null || request.purpose().equals(w.purpose())));
                return;
            }
            List<DispatchRequest> each = dispatcher.recipients(request);
            if (each.isEmpty()) {
                context.forward(record.withValue(dispatcher.nobodyToEscalateTo(request, now)));
            }
            each.forEach(r -> dispatch(r, now, record.timestamp()));
        }

        /** Drops the waiting requests that match. */
        private void dropWaiting(java.util.function.Predicate<DispatchRequest> which) {
            List<String> dropped = new java.util.ArrayList<>();
            try (KeyValueIterator<String, DispatchRequest> it = waiting.all()) {
                it.forEachRemaining(kv -> {
                    if (which.test(kv.value)) {
                        dropped.add(kv.key);
                    }
                });
            }
            dropped.forEach(waiting::delete);
        }

        private void dispatch(DispatchRequest request, Instant now, long timestamp) {
            String counter = Dispatcher.capDay(now) + "|" + request.purpose();
            int sent = Optional.ofNullable(sentToday.get(counter)).orElse(0);
            Instant release = dispatcher.releaseAt(request, now, sent);
            if (release.isAfter(now)) {
                waiting.put(dueKey(release.toEpochMilli(), request.notificationId()), request);
                return;
            }
            sentToday.put(counter, sent + 1);
            context.forward(new Record<>(request.programId(), dispatcher.sent(request, now), timestamp));
            context.forward(new Record<>(request.programId(), dispatcher.notification(request, now), timestamp));
        }

        private void release(long nowMillis) {
            Instant now = Instant.ofEpochMilli(nowMillis);
            List<KeyValue<String, DispatchRequest>> fallen = new java.util.ArrayList<>();
            try (KeyValueIterator<String, DispatchRequest> it = waiting.range("", dueKey(nowMillis, "\uffff"))) {
                it.forEachRemaining(fallen::add);
            }
            for (KeyValue<String, DispatchRequest> entry : fallen) {
                waiting.delete(entry.key);
                dispatch(entry.value, now, nowMillis);
            }
            // the counts of past days are no longer needed
            String today = Dispatcher.capDay(now).toString();
            List<String> old = new java.util.ArrayList<>();
            try (KeyValueIterator<String, Integer> it = sentToday.range("", today)) {
                it.forEachRemaining(kv -> old.add(kv.key));
            }
            old.stream().filter(k -> k.compareTo(today) < 0).forEach(sentToday::delete);
        }
    }

    /**
     * {@code java -cp ... org.mentorpulse.streams.alerts.AlertingApp --kafka.bootstrap-servers kafka:9092
     * [--streams.state-dir DIR] [--alerts.managers-file managers.json] [--alerts.recent-days 2] ...}: serves
     * {@code GET /v1/matches/{id}} ({@link MatchStateServer}) on {@code alerts.http.*}; exits 1 when the app stops
     * on an error, 2 on bad settings.
     */
    public static void main(String[] args) throws InterruptedException {
        StreamsService.run("alerting", args, settings -> {
            Properties config = streamsConfig(settings.string("kafka.bootstrap-servers"),
                    settings.path("streams.state-dir"));
            String advertised = settings.string("alerts.http.advertised");
            if (!advertised.isEmpty()) {
                config.put(org.apache.kafka.streams.StreamsConfig.APPLICATION_SERVER_CONFIG, advertised);
            }
            return new KafkaStreams(buildTopology(AlertRules.from(settings),
                    Duration.ofMillis(settings.positiveInt("alerts.tick-millis"))), config);
        }, (settings, streams) -> {
            String advertised = settings.string("alerts.http.advertised");
            MatchStateServer server = new MatchStateServer(streams, org.mentorpulse.config.KeyHashes.parse(
                    "alerts.http.key-sha256", settings.string("alerts.http.key-sha256")),
                    advertised.isEmpty() ? null : org.apache.kafka.streams.state.HostInfo.buildFromEndpoint(advertised));
            server.start(settings.string("alerts.http.host"), settings.port("alerts.http.port"));
            return server;
        });
    }
}
