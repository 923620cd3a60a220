package org.mentorpulse.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mentorpulse.analytics.outcomes.Pseudonyms;
import org.mentorpulse.ingestion.log.KafkaEventLog;
import org.mentorpulse.schema.EventTypes;
import org.mentorpulse.schema.MentorPulseEvent;
import org.mentorpulse.schema.Topics;
import org.mentorpulse.schema.events.MatchCreated;
import org.mentorpulse.schema.events.MeetingChannel;
import org.mentorpulse.schema.events.MeetingHeld;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.stack.flink.StandaloneFlinkCluster;
import org.mentorpulse.testing.LocalStackExtension;
import org.mentorpulse.testing.Waiting;

/**
 * The shaded job jar runs unchanged on a real Flink cluster ({@link StandaloneFlinkCluster}: a JobManager and a
 * TaskManager as separate processes from Flink's own jars), the jar uploaded and run through the REST API as
 * {@code flink run} would, and its rows read back from ClickHouse. The cluster's classpath holds Flink and its
 * libraries only; our code, the Kafka connector and the ClickHouse driver must come from the job jar, so a
 * packaging mistake fails here.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class StandaloneFlinkClusterIT {
    private static final String PSEUDONYM_KEY = "cluster-it-pseudonym-key-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir = Path.of("target", "it-flink-cluster").toAbsolutePath();
    private final HttpClient http = HttpClient.newHttpClient();
    private StandaloneFlinkCluster cluster;
    private String rest;

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theJobJarRunsOnAStandaloneClusterAndWritesToClickHouse(Endpoints endpoints) throws Exception {
        Path analyticsTarget = Path.of("..", "analytics-jobs", "target");
        Path jobJar = StandaloneFlinkCluster.jobJar(analyticsTarget);
        cluster = StandaloneFlinkCluster.start(dir, analyticsTarget, 1, 2, 384, Duration.ofSeconds(90));
        rest = cluster.rest();

        String jarId = upload(jobJar);
        HttpResponse<String> run = http.send(HttpRequest.newBuilder(URI.create(rest + "/jars/" + jarId + "/run"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(JSON.createObjectNode()
                        .put("entryClass", "org.mentorpulse.analytics.job.EngagementRiskJob")
                        .set("programArgsList", JSON.valueToTree(programArgs(endpoints))))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        String jobId = JSON.readTree(run.body()).get("jobid").asText();

        awaitJobRunning(jobId);
        List<MentorPulseEvent> events = events();
        try (KafkaEventLog log = new KafkaEventLog(endpoints.kafkaBootstrap(), Topics.EVENTS, Topics.DEAD_LETTERS)) {
            log.appendAll(events).get(30, TimeUnit.SECONDS);
        }
        try (Connection c = endpoints.openClickHouse()) {
            // the research row too, under the pseudonym the configured key gives
            String pseudonym = Pseudonyms.of(PSEUDONYM_KEY, "").match("m-cluster-it");
            Waiting.until("the cluster job's events, risk rows and outcome in ClickHouse", () -> {
                assertThat(jobState(jobId)).isEqualTo("RUNNING");
                return List.of(count(c, "SELECT count() FROM mentorpulse.events FINAL WHERE match_id = 'm-cluster-it'"),
                        count(c, "SELECT count() FROM mentorpulse.match_risk WHERE match_id = 'm-cluster-it'"),
                        count(c, "SELECT count() FROM mentorpulse_research.match_outcomes FINAL WHERE match_pseudonym = '"
                                + pseudonym + "'"));
            }, n -> n.get(0) >= events.size() && n.get(1) > 0 && n.get(2) > 0);
        }
        http.send(HttpRequest.newBuilder(URI.create(rest + "/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The job's settings as --key value arguments, as an operator would pass them to flink run. */
    private static List<String> programArgs(Endpoints endpoints) {
        List<String> args = new ArrayList<>(List.of("--kafka.bootstrap-servers", endpoints.kafkaBootstrap(),
                "--clickhouse.url", endpoints.clickhouseJdbcUrl(), "--clickhouse.user", endpoints.clickhouseUser(),
                "--analytics.allowed-lateness-days", "7", "--research.pseudonym-key", PSEUDONYM_KEY));
        if (!endpoints.clickhousePassword().isEmpty()) {
            args.addAll(List.of("--clickhouse.password", endpoints.clickhousePassword()));
        }
        return args;
    }

    private String upload(Path jar) throws Exception {
        String boundary = "mentorpulse" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(Files.readAllBytes(jar));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(rest + "/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String file = JSON.readTree(response.body()).get("filename").asText();
        return file.substring(file.lastIndexOf('/') + 1);
    }

    private String jobState(String jobId) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(rest + "/jobs/" + jobId)).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("state").asText();
    }

    private void awaitJobRunning(String jobId) throws Exception {
        String state = Waiting.until("the job running", () -> jobState(jobId),
                s -> s.equals("RUNNING") || s.equals("FAILED") || s.equals("CANCELED"));
        assertThat(state).isEqualTo("RUNNING");
    }

    private static List<MentorPulseEvent> events() {
        Instant t0 = Instant.parse("2026-01-12T09:00:00Z");
        List<MentorPulseEvent> events = new ArrayList<>();
        events.add(new MentorPulseEvent("cluster-1", "/it/cluster", EventTypes.MATCH_CREATED, t0, Instant.now(),
                "m-cluster-it", "it", "c", new MatchCreated("m-cluster-it", "it", "c", "p-c1", "p-c2", null, null, null)));
        for (int day = 1; day <= 3; day++) {
            Instant end = t0.plus(Duration.ofDays(day)).plus(Duration.ofHours(1));
            events.add(new MentorPulseEvent("cluster-" + (day + 1), "/it/cluster", EventTypes.MEETING_HELD, end,
                    Instant.now(), "m-cluster-it", null, null, new MeetingHeld("m-cluster-it", "mt-" + day,
                            MeetingChannel.video, end.minus(Duration.ofHours(1)), end, List.of(), null)));
        }
        return events;
    }

    private static long count(Connection c, String sql) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
