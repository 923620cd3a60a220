package org.mentorpulse.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.mentorpulse.config.Settings;
import org.mentorpulse.schema.AlertTransition;
import org.mentorpulse.schema.Delivery;
import org.mentorpulse.schema.LogRecord;
import org.mentorpulse.schema.RiskChange;
import org.mentorpulse.schema.Topic;
import org.mentorpulse.schema.Topics;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.stack.LocalStack;
import org.mentorpulse.stack.StackException;
import org.mentorpulse.streams.alerts.AlertRules;
import org.mentorpulse.streams.alerts.AlertingApp;
import org.mentorpulse.streams.alerts.Holdout;
import org.mentorpulse.streams.alerts.ManagerDirectory;
import org.mentorpulse.streams.alerts.QuietHours;
import org.mentorpulse.streams.notify.NotifierApp;
import org.mentorpulse.testkit.events.LogEvents;

/**
 * Alert latency with many matches live: the alerting app and the notifier run on a stack of their own (a fresh
 * broker and mail catcher), a population of matches is registered, and each round publishes one day of risk for
 * every match, as the analytics job does at a day's end, with a share of them entering {@code stalled}.
 * Measured per alert: from the moment its risk row is handed to the producer to (a) its {@code raised}
 * transition being readable (committed) on {@code mentorpulse.alerts}, and (b) each nudge mail being accepted by
 * the SMTP server (the delivery's time, taken when the server answered 250). Ten warm-up rounds come first and
 * are not counted: the apps start cold here, and their rounds kept getting faster through the first eight or so
 * (mail p50 from 8-9 s down to 1.5 s, with the JIT compiler taking half a core meanwhile), where a notifier in
 * service has long been warm. p50/p95/p99 per round, and the median of the rounds.
 */
public final class AlertLatencyBenchmark {
    /** rounds run before measuring, not counted (see above) */
    public static final int WARM_UP_ROUNDS = 10;

    private AlertLatencyBenchmark() {}

    /** Medians over the rounds of each round's percentiles, in milliseconds: {p50, p95, p99}. */
    public record Result(int matches, int alertsPerRound, int rounds, double[] raised, double[] mailed) {}

    /**
     * On a stack of its own (a fresh broker and mail catcher in a temporary directory), removed afterwards;
     * {@code beforeDown} sees the stack before it goes.
     */
    public static Result onOwnStack(Settings base, int matches, int changing, int rounds, PrintStream out,
            java.util.function.Consumer<LocalStack> beforeDown) throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory("mentorpulse-bench-alerts");
        Settings settings = base.with("state.dir", dir.toString())
                .with("kafka.port", "0").with("kafka.controller-port", "0")
                .with("clickhouse.http-port", "0").with("clickhouse.tcp-port", "0")
                .with("mail.smtp-port", "0").with("mail.imap-port", "0");
        LocalStack stack = new LocalStack(settings, out);
        try {
            Endpoints endpoints = stack.up();
            Result result = run(endpoints, settings, dir.resolve("bench"), matches, changing, rounds, out);
            beforeDown.accept(stack);
            return result;
        } finally {
            stack.down(true);
        }
    }

    /**
     * @param matches the matches live (each gets a risk row every round)
     * @param changing how many of them enter stalled in each round (the rest stay on track)
     */
    public static Result run(Endpoints endpoints, Settings settings, Path stateDir, int matches, int changing,
            int rounds, PrintStream out) throws Exception {
        if (endpoints.mail() == null) {
            throw new StackException("the alert benchmark needs the stack's mail catcher (mail.catcher=true)");
        }
        String run = "bench-" + Long.toString(System.currentTimeMillis(), 36);
        AlertRules rules = new AlertRules(2, new QuietHours(java.time.LocalTime.MIDNIGHT, java.time.LocalTime.MIDNIGHT,
                false), new Holdout(0.0, run), Duration.ofDays(5), Integer.MAX_VALUE, Integer.MAX_VALUE,
                ManagerDirectory.EMPTY);
        Settings notify = settings.with("notify.smtp.host", endpoints.mail().host())
                .with("notify.smtp.port", Integer.toString(endpoints.mail().smtpPort()));
        Duration tick = Duration.ofMillis(100);
        Files.createDirectories(stateDir);
        try (KafkaStreams alerting = new KafkaStreams(AlertingApp.buildTopology(rules, tick),
                AlertingApp.streamsConfig(endpoints.kafkaBootstrap(), stateDir.resolve("alerting")));
                KafkaStreams notifier = new KafkaStreams(NotifierApp.buildTopology(rules,
                        NotifierApp.deliverer(notify, Clock.systemUTC()), tick,
                        NotifierApp.ledgerDirectory(stateDir.resolve("notifier"))),
                        NotifierApp.streamsConfig(endpoints.kafkaBootstrap(), stateDir.resolve("notifier")));
                KafkaProducer<String, LogRecord> events = producer(endpoints, Topics.EVENT_LOG);
                KafkaProducer<String, RiskChange> risk = producer(endpoints, Topics.RISK_LOG)) {
            alerting.start();
            notifier.start();
            out.printf("Registering %d matches (%d participants) ...%n", matches, 2 * matches);
            Instant registered = Instant.now();
            for (int i = 0; i < matches; i++) {
                String match = run + "-" + i;
                for (String role : List.of("mentor", "mentee")) {
                    events.send(new ProducerRecord<>(Topics.EVENTS, match + "-" + role,
                            registration(match + "-" + role, role, run, registered)));
                }
                events.send(new ProducerRecord<>(Topics.EVENTS, match, created(match, run, registered)));
            }
            events.flush();
            awaitDirectory(endpoints, run, 2 * matches, out);

            Watch watch = new Watch(endpoints, run);
            Thread watcher = new Thread(watch, "bench-watch");
            watcher.start();
            try {
                LocalDate day = LocalDate.of(2030, 1, 1);
                List<double[]> raisedRounds = new ArrayList<>();
                List<double[]> mailRounds = new ArrayList<>();
                int warmUps = WARM_UP_ROUNDS;
                for (int round = 1 - warmUps; round <= rounds; round++) {
                    // round r: matches [r*changing, (r+1)*changing) stall; all others are on track that day
                    int first = ((round + warmUps) * changing) % matches;
                    watch.expect(changing);
                    Map<String, Long> published = new ConcurrentHashMap<>();
                    for (int i = 0; i < matches; i++) {
                        String match = run + "-" + i;
                        boolean stalls = i >= first && i < first + changing;
                        long now = System.currentTimeMillis();
                        if (stalls) {
                            published.put(match, now);
                        }
                        risk.send(new ProducerRecord<>(Topics.RISK, match, new RiskChange(match, run, "c", day.toString(),
                                "UTC", stalls ? 85 : 10, stalls ? "stalled" : "on_track", Map.of(), stalls
                                        ? "no two-way contact for 30 days" : "", stalls ? 30 : 1, 21,
                                Instant.ofEpochMilli(now).toString())));
                    }
                    risk.flush();
                    watch.awaitRound(published, Duration.ofMinutes(3));
                    double[] raised = percentiles(watch.raisedLatencies(published));
                    double[] mails = percentiles(watch.mailLatencies(published));
                    String label = round <= 0 ? "warm-up" : "round " + round;
                    out.printf("  %-8s %d alerts raised: p50 %5.0f ms  p95 %5.0f ms  p99 %5.0f ms | %d nudge mails "
                            + "accepted: p50 %5.0f ms  p95 %5.0f ms  p99 %5.0f ms%n", label, changing, raised[0],
                            raised[1], raised[2], 2 * changing, mails[0], mails[1], mails[2]);
                    if (round > 0) {
                        raisedRounds.add(raised);
                        mailRounds.add(mails);
                    }
                    day = day.plusDays(1);
                }
                out.printf("Median of %d rounds, %d matches live, %d alerts per round: raised p50 %.0f / p95 %.0f / "
                                + "p99 %.0f ms; nudge mail accepted p50 %.0f / p95 %.0f / p99 %.0f ms%n", rounds, matches,
                        changing, Medians.of(raisedRounds, 0), Medians.of(raisedRounds, 1), Medians.of(raisedRounds, 2),
                        Medians.of(mailRounds, 0), Medians.of(mailRounds, 1), Medians.of(mailRounds, 2));
                return new Result(matches, changing, rounds, new double[] {Medians.of(raisedRounds, 0),
                        Medians.of(raisedRounds, 1), Medians.of(raisedRounds, 2)}, new double[] {Medians.of(mailRounds, 0),
                        Medians.of(mailRounds, 1), Medians.of(mailRounds, 2)});
            } finally {
                watch.stop();
                watcher.join();
            }
        }
    }

    /** Waits until the alerting app has put every participant in the directory the notifier reads. */
    private static void awaitDirectory(Endpoints endpoints, String run, int participants, PrintStream out) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, run + "-directory");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        int seen = 0;
        try (KafkaConsumer<String, org.mentorpulse.schema.Contact> consumer = new KafkaConsumer<>(p,
                Topics.DIRECTORY_LOG.keys().deserializer(), Topics.DIRECTORY_LOG.values().deserializer())) {
            consumer.subscribe(List.of(Topics.DIRECTORY));
            while (seen < participants) {
                if (System.nanoTime() > deadline) {
                    throw new StackException("only " + seen + " of " + participants + " participants reached the "
                            + "directory within 3 minutes");
                }
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    seen += r.key().startsWith(run) ? 1 : 0;
                }
            }
        }
        out.printf("  %d participants in the directory%n", seen);
    }

    /** p50, p95, p99 of latencies in milliseconds. */
    static double[] percentiles(long[] latencies) {
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        return new double[] {at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99)};
    }

    private static double at(long[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** Reads the alerts (raised, when seen) and the delivery log (mail accepted, the delivery's own time). */
    private static final class Watch implements Runnable {
        private final Endpoints endpoints;
        private final String run;
        private final Map<String, Long> raisedSeen = new ConcurrentHashMap<>();
        private final Map<String, List<Long>> mailAccepted = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private volatile int expected;

        Watch(Endpoints endpoints, String run) {
            this.endpoints = endpoints;
            this.run = run;
        }

        void expect(int alerts) {
            raisedSeen.clear();
            mailAccepted.clear();
            expected = alerts;
        }

        @Override
        public void run() {
            try (KafkaConsumer<String, AlertTransition> alerts = consumer(Topics.ALERT_LOG);
                    KafkaConsumer<String, Delivery> deliveries = consumer(Topics.DELIVERY_LOG)) {
                while (running.get()) {
                    for (var r : alerts.poll(Duration.ofMillis(5))) {
                        AlertTransition t = r.value();
                        if (run.equals(t.programId()) && AlertTransition.RAISED.equals(t.transition())) {
                            raisedSeen.putIfAbsent(t.matchId(), System.currentTimeMillis());
                        }
                    }
                    for (var r : deliveries.poll(Duration.ofMillis(5))) {
                        Delivery d = r.value();
                        if (run.equals(d.programId()) && Delivery.SENT.equals(d.status())) {
                            String match = d.notificationId().substring(0, d.notificationId().indexOf('/'));
                            mailAccepted.computeIfAbsent(match, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                                    .add(Instant.parse(d.at()).toEpochMilli());
                        }
                    }
                }
            }
        }

        void awaitRound(Map<String, Long> published, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (raisedSeen.size() < expected || mailAccepted.values().stream().mapToInt(List::size).sum() < 2 * expected) {
                if (System.nanoTime() > deadline) {
                    throw new StackException("the round did not complete within " + timeout.toMinutes() + " min: "
                            + raisedSeen.size() + " of " + expected + " alerts raised, "
                            + mailAccepted.values().stream().mapToInt(List::size).sum() + " of " + 2 * expected
                            + " mails accepted");
                }
                Thread.sleep(50);
            }
        }

        long[] raisedLatencies(Map<String, Long> published) {
            return published.entrySet().stream().filter(e -> raisedSeen.containsKey(e.getKey()))
                    .mapToLong(e -> raisedSeen.get(e.getKey()) - e.getValue()).toArray();
        }

        long[] mailLatencies(Map<String, Long> published) {
            return published.entrySet().stream().filter(e -> mailAccepted.containsKey(e.getKey()))
                    .flatMapToLong(e -> mailAccepted.get(e.getKey()).stream().mapToLong(at -> at - e.getValue()))
                    .toArray();
        }

        void stop() {
            running.set(false);
        }

        private <V> KafkaConsumer<String, V> consumer(Topic<String, V> topic) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap());
            p.put(ConsumerConfig.GROUP_ID_CONFIG, run + "-" + topic.name());
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            KafkaConsumer<String, V> consumer = new KafkaConsumer<>(p, topic.keys().deserializer(),
                    topic.values().deserializer());
            consumer.subscribe(List.of(topic.name()));
            return consumer;
        }
    }

    private static LogRecord registration(String participant, String role, String program, Instant at) {
        return LogEvents.event("/bench", participant, at, null, program,
                LogEvents.registration(participant, program, role, "UTC", null, true));
    }

    private static LogRecord created(String match, String program, Instant at) {
        return LogEvents.event("/bench", match, at, match, program, LogEvents.matchOfPair(match, program, "c"));
    }

    private static <V> KafkaProducer<String, V> producer(Endpoints endpoints, Topic<String, V> topic) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(p, topic.keys().serializer(), topic.values().serializer());
    }
}
