package org.mentorpulse.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.mentorpulse.testkit.generator.SyntheticProgramGenerator;
import org.mentorpulse.ingestion.IngestionLimits;
import org.mentorpulse.ingestion.IngestionService;
import org.mentorpulse.ingestion.auth.ApiKeys;
import org.mentorpulse.ingestion.http.IngestionHttpServer;
import org.mentorpulse.ingestion.log.KafkaEventLog;
import org.mentorpulse.ingestion.metrics.IngestionMetrics;
import org.mentorpulse.ingestion.validation.EventValidator;
import org.mentorpulse.schema.MentorPulseEvent;

/**
 * Batched HTTP ingestion against a raw Kafka producer, on the same records in one run and on the same broker.
 * The raw producer encodes each canonical record and sends it with the same key, header and producer settings
 * (acks=all, idempotent): the upper bound. Ingestion does everything a real request does: HTTP, JSON parsing,
 * key check, validation, Avro encoding, durable append. Both write to throw-away topics, not to the pipeline's
 * log, and the topics are deleted afterwards. The figure that matters is the ratio (target at least 0.5).
 */
public final class IngestionBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Median rates over the rounds, the median of the per-round ratios, and each round's {raw, ingestion, ratio}.
     */
    public record Result(int events, int warmUpRounds, int rounds, double rawPerSecond, double ingestionPerSecond,
            double ratio, List<double[]> perRound) {}

    /** Uncounted rounds of each side before the measured ones. */
    public static final int WARM_UP_ROUNDS = 6;

    private IngestionBenchmark() {}

    /**
     * Runs {@code warmUpRounds} rounds of each side, not counted, then {@code rounds} rounds; each measures both sides on the same records, alternating which goes first
     * so that drift on a shared machine (the broker's log growing, page cache, JIT) does not favour one.
     * Every ingestion round uses a fresh server, so nothing is answered as a duplicate of an earlier round.
     */
    public static Result run(String bootstrap, int events, int batchSize, int clients, int warmUpRounds, int rounds,
            PrintStream out) throws Exception {
        List<ObjectNode> structured = generate(events);
        EventValidator validator = new EventValidator();
        List<MentorPulseEvent> canonical = new ArrayList<>(structured.size());
        for (ObjectNode e : structured) {
            canonical.add(validator.validate(e, Instant.now()).event());
        }
        int eventCount = structured.size();
        // the requests are encoded once, before anything is measured, and the JSON trees let go: held for the
        // whole run they were most of this JVM's heap (hundreds of MB of small objects), and the collections
        // they caused, seconds long, fell on whichever side was being measured
        List<Body> warmUpBodies = bodies(structured, batchSize, "-warm-up");
        List<Body> measuredBodies = bodies(structured, batchSize, "");
        structured = null;
        String run = Long.toString(System.currentTimeMillis());
        String rawTopic = "mentorpulse.bench.raw-" + run;
        String ingestTopic = "mentorpulse.bench.ingest-" + run;
        String dlqTopic = "mentorpulse.bench.dlq-" + run;
        List<String> topics = List.of(rawTopic, ingestTopic, dlqTopic);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(topics.stream().map(t -> new NewTopic(t, 3, (short) 1)).toList())
                    .all().get(30, TimeUnit.SECONDS);
            try {
                out.printf("%d events per side and round, %d rounds, batches of %d, %d HTTP clients, broker %s%n",
                        eventCount, rounds, batchSize, clients, bootstrap);
                // a whole round of each side first, on other ids, not counted: the first rounds of a JVM run
                // interpreted and compiling code, and a cold round made the ratio look better than it is
                // the broker warms up too: on one just started, the raw producer went from about 40,000 events/s
                // in the first round to over 200,000 by the fourth, and two rounds left it measured half-warm (each
                // round has a fresh server, so the same requests serve every warm-up round)
                for (int round = 1; round <= warmUpRounds; round++) {
                    out.printf("  warm-up %d: raw producer %,9.0f events/s   HTTP ingestion %,9.0f events/s (not "
                            + "counted)%n", round, rawProducer(bootstrap, rawTopic, canonical),
                            ingestion(bootstrap, ingestTopic, dlqTopic, warmUpBodies, clients));
                }
                List<double[]> measured = new ArrayList<>();
                for (int round = 1; round <= rounds; round++) {
                    double raw;
                    double ingestion;
                    if (round % 2 == 1) {
                        raw = rawProducer(bootstrap, rawTopic, canonical);
                        ingestion = ingestion(bootstrap, ingestTopic, dlqTopic, measuredBodies, clients);
                    } else {
                        ingestion = ingestion(bootstrap, ingestTopic, dlqTopic, measuredBodies, clients);
                        raw = rawProducer(bootstrap, rawTopic, canonical);
                    }
                    measured.add(new double[] {raw, ingestion, ingestion / raw});
                    out.printf("  round %d: raw producer %,9.0f events/s   HTTP ingestion %,9.0f events/s   "
                            + "ratio %.2f%n", round, raw, ingestion, ingestion / raw);
                }
                Result result = new Result(eventCount, warmUpRounds, rounds, Medians.of(measured, 0),
                        Medians.of(measured, 1), Medians.of(measured, 2), List.copyOf(measured));
                out.printf("median: raw producer %,9.0f events/s   HTTP ingestion %,9.0f events/s   ratio %.2f "
                        + "(target >= 0.5)%n", result.rawPerSecond(), result.ingestionPerSecond(), result.ratio());
                return result;
            } finally {
                admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** One request: a batch of events as the JSON array a sender posts, and how many events it holds. */
    private record Body(byte[] json, int events) {}

    /** The events as batch requests, each event's id suffixed (so that a round's ids are its own). */
    private static List<Body> bodies(List<ObjectNode> events, int batchSize, String idSuffix) throws IOException {
        List<Body> bodies = new ArrayList<>();
        for (int from = 0; from < events.size(); from += batchSize) {
            ArrayNode batch = JSON.createArrayNode();
            for (ObjectNode e : events.subList(from, Math.min(events.size(), from + batchSize))) {
                batch.add(idSuffix.isEmpty() ? e : e.deepCopy().put("id", e.get("id").asText() + idSuffix));
            }
            bodies.add(new Body(JSON.writeValueAsBytes(batch), batch.size()));
        }
        return bodies;
    }

    private static List<ObjectNode> generate(int events) {
        // the generator makes about 30 events per match over 90 days
        int matches = Math.max(10, events / 30);
        List<ObjectNode> all = new SyntheticProgramGenerator(new SyntheticProgramGenerator.Options(
                4242, matches, 90, LocalDate.of(2026, 3, 2))).generate().events();
        return new ArrayList<>(all.subList(0, Math.min(events, all.size())));
    }

    private static double rawProducer(String bootstrap, String topic, List<MentorPulseEvent> events) {
        Properties config = KafkaEventLog.producerConfig(bootstrap);
        SendFailures failures = new SendFailures();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            long start = System.nanoTime();
            for (MentorPulseEvent e : events) {
                // the same record ingestion writes, header included
                producer.send(KafkaEventLog.record(topic, e), failures);
            }
            producer.flush();
            double rate = events.size() / ((System.nanoTime() - start) / 1e9);
            failures.check(topic, events.size()); // a baseline that dropped records would look faster than it is
            return rate;
        }
    }

    private static double ingestion(String bootstrap, String topic, String dlqTopic, List<Body> bodies,
            int clients) throws Exception {
        String key = ApiKeys.newKey();
        try (KafkaEventLog log = new KafkaEventLog(bootstrap, topic, dlqTopic);
                IngestionHttpServer server = new IngestionHttpServer(new IngestionService(log, Clock.systemUTC(),
                        new IngestionMetrics(), IngestionLimits.DEFAULT), ApiKeys.fromProperties(Map.of(
                                ApiKeys.PREFIX + "bench.key-sha256", ApiKeys.sha256Hex(key),
                                ApiKeys.PREFIX + "bench.event-source", "")))) {
            URI uri = URI.create("http://127.0.0.1:" + server.start("127.0.0.1", 0) + "/v1/events");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            long start = System.nanoTime();
            int accepted = post(http, uri, key, bodies, clients);
            double seconds = (System.nanoTime() - start) / 1e9;
            return accepted / seconds;
        }
    }

    /** Posts every body from {@code clients} threads; returns the events accepted or answered as duplicates. */
    private static int post(HttpClient http, URI uri, String key, List<Body> bodies, int clients)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger stored = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(60))
                                .header("Content-Type", "application/cloudevents-batch+json")
                                .header("Authorization", "Bearer " + key)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i).json())).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException("ingestion answered " + response.statusCode() + ": "
                                    + response.body());
                        }
                        // 200 means every event of the batch was stored (or was already): a sender need not
                        // read the per-event lines, so neither does the benchmark
                        stored.addAndGet(bodies.get(i).events());
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return stored.get();
    }
}
