package org.mentorpulse.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.TestInstance;
import org.mentorpulse.config.Settings;
import org.mentorpulse.schema.AlertTransition;
import org.mentorpulse.schema.Delivery;
import org.mentorpulse.schema.LogRecord;
import org.mentorpulse.schema.Notification;
import org.mentorpulse.schema.RiskChange;
import org.mentorpulse.schema.Topic;
import org.mentorpulse.schema.Topics;
import org.mentorpulse.stack.ChildProcesses;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.stack.mail.MailCatcher;
import org.mentorpulse.streams.alerts.AlertRules;
import org.mentorpulse.streams.alerts.AlertingApp;
import org.mentorpulse.streams.notify.NotifierApp;
import org.mentorpulse.stack.LocalStack;
import org.mentorpulse.testing.OwnStack;
import org.mentorpulse.testing.Waiting;
import org.mentorpulse.testkit.events.LogEvents;

/**
 * The alerting app killed with SIGKILL in the middle of a stream of stalls, on the real broker, in a process of
 * its own, then started again on the same state directory: every alert is raised once and every pair nudged
 * once (exactly-once: a transition, its notification and the book that records them commit together), and the
 * notifier, reading committed notifications only, delivers each mail once.
 */
@Tag("integration")
@Tag("fault")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertingCrashIT {
    private static final int MATCHES = 300;
    /**
     * A stack of its own: the events written here carry today's time, which would move the event time of the
     * shared stack's log past the other tests' programs.
     */
    @RegisterExtension
    static final OwnStack OWN = new OwnStack("crash-stack");
    private final Settings settings = OWN.settings();
    private final LocalStack stack = OWN.stack();

    @Test
    void killedMidStreamAndRestartedItLosesNoTransitionRepeatsNoneAndNoMailArrivesTwice() throws Exception {
        Endpoints endpoints = stack.up();
        String run = "crash-" + Long.toString(System.currentTimeMillis(), 36);
        Path dir = Files.createDirectories(stack.stateDir().resolve(run));
        Instant now = Instant.now();
        String day = LocalDate.ofInstant(now, ZoneOffset.UTC).toString();

        try (KafkaProducer<String, LogRecord> events = producer(endpoints, Topics.EVENT_LOG)) {
            for (int i = 0; i < MATCHES; i++) {
                String match = run + "-" + i;
                events.send(new ProducerRecord<>(Topics.EVENTS, match + "-mentor", registered(match + "-mentor", now)));
                events.send(new ProducerRecord<>(Topics.EVENTS, match + "-mentee", registered(match + "-mentee", now)));
                events.send(new ProducerRecord<>(Topics.EVENTS, match, created(match, now)));
            }
        }

        Process first = startAlerting(endpoints, dir);
        // half the stalls before the kill, half after: the kill falls in the middle of the stream whatever the
        // machine's speed, and maybe in the middle of a transaction
        stalls(endpoints, run, day, now, 0, MATCHES / 2);
        // kill it as soon as its first committed transitions show, while it still has most of the stream to do
        try (KafkaConsumer<String, AlertTransition> watch = consumer(endpoints, Topics.ALERT_LOG, run + "-watch")) {
            int[] seen = {0};
            Waiting.until("the alerting app's first transitions", () -> {
                for (ConsumerRecord<String, AlertTransition> r : watch.poll(Duration.ofMillis(100))) {
                    seen[0] += r.value().programId().equals(run) ? 1 : 0;
                }
                return seen[0];
            }, n -> n > 0);
        }
        first.destroyForcibly(); // SIGKILL: no close, no commit, no flush
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).isEqualTo(137);
        long before = readAll(endpoints, Topics.ALERT_LOG, run).stream().filter(t -> t.programId().equals(run)).count();
        System.out.printf("killed with %d of %d transitions committed%n", before, 3 * MATCHES);
        stalls(endpoints, run, day, now, MATCHES / 2, MATCHES);

        Process second = startAlerting(endpoints, dir);
        try {
            awaitCaughtUp(endpoints);
            List<AlertTransition> transitions = readAll(endpoints, Topics.ALERT_LOG, run + "-check").stream()
                    .filter(t -> t.programId().equals(run)).toList();
            Map<String, Long> byKind = transitions.stream().collect(Collectors.groupingBy(
                    t -> t.transition() + (t.recipient() == null ? "" : " to the " + t.recipient().substring(
                            t.recipient().lastIndexOf('-') + 1)), Collectors.counting()));
            assertThat(byKind).isEqualTo(Map.of("raised", (long) MATCHES, "nudged to the mentor", (long) MATCHES,
                    "nudged to the mentee", (long) MATCHES));
            assertThat(transitions.stream().map(t -> t.alertId() + t.transition() + t.recipient()).distinct().count())
                    .isEqualTo(3L * MATCHES);

            List<Notification> notifications = readAll(endpoints, Topics.NOTIFICATION_LOG, run + "-notes").stream()
                    .filter(n -> n.programId().equals(run)).toList();
            assertThat(notifications).hasSize(2 * MATCHES);
            assertThat(notifications.stream().map(Notification::id).distinct().count()).isEqualTo(2L * MATCHES);

            // the notifier delivers them to the stack's mail catcher: one mail per notification, none twice
            deliverAndCheckMail(endpoints, settings, dir, run);
        } finally {
            second.destroy();
            second.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void stalls(Endpoints endpoints, String run, String day, Instant now, int from, int to) {
        try (KafkaProducer<String, RiskChange> risk = producer(endpoints, Topics.RISK_LOG)) {
            for (int i = from; i < to; i++) {
                String match = run + "-" + i;
                risk.send(new ProducerRecord<>(Topics.RISK, match, new RiskChange(match, run, "cohort", day, "UTC", 80,
                        "stalled", Map.of("overdue", 80.0), "no two-way contact for 30 days", 30, 21, now.toString())));
            }
        }
    }

    private void deliverAndCheckMail(Endpoints endpoints, Settings settings, Path dir, String run) throws Exception {
        Settings notify = settings.with("notify.smtp.host", endpoints.mail().host())
                .with("notify.smtp.port", Integer.toString(endpoints.mail().smtpPort()));
        try (KafkaStreams notifier = new KafkaStreams(NotifierApp.buildTopology(AlertRules.DEFAULT,
                NotifierApp.deliverer(notify, Clock.systemUTC()), Duration.ofSeconds(1),
                NotifierApp.ledgerDirectory(dir.resolve("notifier"))),
                NotifierApp.streamsConfig(endpoints.kafkaBootstrap(), dir.resolve("notifier")))) {
            notifier.start();
            // the delivery log read as it grows, until this run's deliveries are all there (the poll waits for them)
            List<Delivery> sent = new ArrayList<>();
            try (KafkaConsumer<String, Delivery> deliveries = consumer(endpoints, Topics.DELIVERY_LOG, run + "-deliveries")) {
                Waiting.until("the notifier's delivery of every nudge", () -> {
                    deliveries.poll(Duration.ofMillis(500)).forEach(r -> {
                        if (run.equals(r.value().programId())) {
                            sent.add(r.value());
                        }
                    });
                    return sent.size();
                }, n -> n >= 2 * MATCHES);
            }
            assertThat(sent).hasSize(2 * MATCHES).allSatisfy(d -> assertThat(d.status()).isEqualTo(Delivery.SENT));
        }
        for (int i = 0; i < MATCHES; i += 37) {
            String address = run + "-" + i + "-mentee@example.org";
            List<MailCatcher.Mail> inbox = MailCatcher.inbox(endpoints.mail().host(), endpoints.mail().imapPort(), address);
            assertThat(inbox).as(address).hasSize(1);
        }
    }

    private static Process startAlerting(Endpoints endpoints, Path dir) {
        List<String> cmd = ChildProcesses.javaCommand("-Dmentorpulse.component=crash-it", List.of("-Xmx512m"),
                AlertingApp.class, List.of("--kafka.bootstrap-servers", endpoints.kafkaBootstrap(),
                        "--streams.state-dir", dir.resolve("state").toString(),
                        "--alerts.quiet-from", "00:00", "--alerts.quiet-until", "00:00",
                        "--alerts.quiet-weekends", "false", "--alerts.holdout-share", "0",
                        // one program of 400 matches: above the default cap of 200 nudges a day
                        "--alerts.daily-nudges-per-program", "10000",
                        "--alerts.http.host", "127.0.0.1", "--alerts.http.port", "0"));
        try {
            ProcessBuilder child = new ProcessBuilder(cmd).redirectErrorStream(true);
            child.environment().put("MENTORPULSE_KAFKA_LOG_LEVEL", "WARN");
            return child
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("alerting.log").toFile())).start();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot start the alerting app: " + e.getMessage(), e);
        }
    }

    /**
     * Waits until the alerting app's committed position has reached the end of every partition of its inputs (the
     * risk, the events, the erasures, and its own repartition topic); a partition it never committed counts as not
     * begun.
     */
    private static void awaitCaughtUp(Endpoints endpoints) throws Exception {
        String repartition = AlertingApp.APPLICATION_ID + "-dispatch-repartition";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", endpoints.kafkaBootstrap()))) {
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            admin.describeTopics(List.of(Topics.RISK, Topics.EVENTS, Topics.ERASURES, repartition)).allTopicNames().get()
                    .forEach((name, topic) -> topic.partitions().forEach(
                            p -> ends.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            Waiting.until("the restarted alerting app to catch up (each partition behind: committed position of end offset)", () -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                        AlertingApp.APPLICATION_ID).partitionsToOffsetAndMetadata().get();
                var latest = admin.listOffsets(ends).all().get();
                Map<TopicPartition, String> behind = new HashMap<>();
                ends.keySet().forEach(tp -> {
                    long position = committed.get(tp) == null ? 0 : committed.get(tp).offset();
                    // a transactional writer's last record is followed by its commit marker
                    if (position < latest.get(tp).offset() - 1) {
                        behind.put(tp, position + " of " + latest.get(tp).offset());
                    }
                });
                return behind;
            }, Map::isEmpty);
        }
    }

    private static LogRecord registered(String participant, Instant at) {
        return LogEvents.event("/crash-it", participant, at, null, "crash", LogEvents.registration(participant, "crash",
                participant.endsWith("mentor") ? "mentor" : "mentee", "UTC", null, true));
    }

    private static LogRecord created(String match, Instant at) {
        return LogEvents.event("/crash-it", match, at, match, "crash", LogEvents.matchOfPair(match, "crash", "cohort"));
    }

    private static <V> KafkaProducer<String, V> producer(Endpoints endpoints, Topic<String, V> topic) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, topic.keys().serializer(), topic.values().serializer());
    }

    private static <V> KafkaConsumer<String, V> consumer(Endpoints endpoints, Topic<String, V> topic, String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(p, topic.keys().deserializer(),
                topic.values().deserializer());
        consumer.subscribe(List.of(topic.name()));
        return consumer;
    }

    /** Everything committed on a topic, read from its start to its last stable offset. */
    private static <V> List<V> readAll(Endpoints endpoints, Topic<String, V> topic, String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<V> out = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(p, topic.keys().deserializer(),
                topic.values().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
            }
        }
        return out;
    }
}
