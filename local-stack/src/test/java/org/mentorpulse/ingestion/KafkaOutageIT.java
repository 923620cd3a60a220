package org.mentorpulse.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mentorpulse.ingestion.auth.ApiKeys;
import org.mentorpulse.ingestion.http.IngestionHttpServer;
import org.mentorpulse.ingestion.log.KafkaEventLog;
import org.mentorpulse.ingestion.metrics.IngestionMetrics;
import org.mentorpulse.schema.EventCodec;
import org.mentorpulse.schema.Topics;
import org.mentorpulse.testing.TopicContents;
import org.mentorpulse.testing.Waiting;
import org.mentorpulse.stack.ChildProcesses;
import org.mentorpulse.stack.Directories;
import org.mentorpulse.stack.FreePorts;
import org.mentorpulse.stack.StackState.KafkaState;
import org.mentorpulse.stack.kafka.KafkaBroker;

/**
 * Ingestion on a real broker that goes away and comes back, on a broker of its own so the shared test stack
 * is not disturbed: while Kafka is down the sender gets 503 with Retry-After (never a 2xx for an event that is
 * not stored), and once it is back, everything that was answered 2xx, plus what was retried, is in the log.
 */
@Tag("integration")
@Tag("fault")
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class KafkaOutageIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path stateDir = Path.of("target", "it-kafka-outage").toAbsolutePath();
    private final int port = FreePorts.pick();
    private final int controllerPort = FreePorts.pick();
    private final String key = ApiKeys.newKey();
    private final HttpClient http = HttpClient.newHttpClient();
    private KafkaState broker;
    private IngestionHttpServer server;
    private KafkaEventLog log;
    private int serverPort;

    @AfterEach
    void cleanUp() throws Exception {
        if (server != null) {
            server.close();
        }
        if (log != null) {
            log.close();
        }
        stopBroker();
        Directories.deleteTree(stateDir);
    }

    private void startBroker() {
        broker = KafkaBroker.start(stateDir, port, controllerPort, 1, Duration.ofSeconds(90));
    }

    private void stopBroker() {
        if (broker != null) {
            ChildProcesses.stop(broker.pid(), ChildProcesses.marker(KafkaBroker.COMPONENT, stateDir),
                    Duration.ofSeconds(20));
            broker = null;
        }
    }

    private static String event(String id) {
        return """
                {"specversion":"1.0","id":"%s","source":"/it/outage","type":"org.mentorpulse.message.sent",
                 "time":"2026-03-02T09:30:00Z","data":{"match_id":"m-1","sender_id":"p-1","channel":"chat"}}"""
                .formatted(id);
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url("/v1/events")))
                .header("Content-Type", "application/cloudevents+json")
                .header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String url(String path) {
        return "http://127.0.0.1:" + serverPort + path;
    }

    @Test
    void whileKafkaIsDownSendersGet503AndNothingAnswered2xxIsLost() throws Exception {
        Directories.deleteTree(stateDir);
        startBroker();
        KafkaBroker.createTopics(broker.bootstrapServers(), 1);
        log = new KafkaEventLog(broker.bootstrapServers());
        server = new IngestionHttpServer(new IngestionService(log, Clock.systemUTC(), new IngestionMetrics(),
                IngestionLimits.DEFAULT), ApiKeys.fromProperties(Map.of(
                        "ingestion.sources.it.key-sha256", ApiKeys.sha256Hex(key),
                        "ingestion.sources.it.event-source", "/it")));
        serverPort = server.start("127.0.0.1", 0);

        assertThat(post(event("before")).statusCode()).isEqualTo(200);

        stopBroker();
        HttpResponse<String> refused = post(event("during"));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(JSON.readTree(refused.body()).at("/errors/0/code").asText()).isEqualTo("unavailable");
        assertThat(readiness()).as("/readyz without the broker").isEqualTo(503);

        startBroker();
        // a sender told Retry-After looks again later; the test looks at /readyz until it turns, which takes
        // as long as the producer needs to find the broker again on this machine, and then sends once
        Waiting.until("ingestion ready again after the broker's restart", this::readiness, status -> status == 200);
        HttpResponse<String> retried = post(event("during"));
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(post(event("after")).statusCode()).isEqualTo(200);

        assertThat(idsInRawTopic()).contains("before", "during", "after");
    }

    private int readiness() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url("/readyz"))).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** What the raw topic holds: every accepted event was durable before its 200, so it is there now. */
    private List<String> idsInRawTopic() throws Exception {
        List<String> ids = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicContents.toEnd(broker.bootstrapServers(), Topics.RAW,
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            ids.add(EventCodec.decode(r.value()).getId());
        }
        return ids;
    }
}
