package org.mentorpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mentorpulse.ingestion.IngestionService;
import org.mentorpulse.pipeline.EmbeddedPipeline;
import org.mentorpulse.schema.Topics;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.stack.LocalStack;
import org.mentorpulse.stack.StackState.MailState;
import org.mentorpulse.stack.mail.MailCatcher;
import org.mentorpulse.testkit.webhooks.SignedWebhookReceiver;
import org.mentorpulse.testing.TopicContents;
import org.mentorpulse.testing.LocalStackExtension;
import org.mentorpulse.testing.Waiting;

/**
 * The first slice across every boundary: CloudEvents in over HTTP, through Kafka, the deduplicator and the
 * Flink job, rows out of ClickHouse, with the default allowed lateness. Its events sit in July and August 2026,
 * after every other test's program, so its own late event is the only one that is late for it, whatever order
 * the classes run in.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the first counts every request in the metrics
class EventsToClickHouseIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant DAY0 = Instant.parse("2026-07-06T00:00:00Z");
    private static final LocalDate EVALUATED = LocalDate.of(2026, 8, 13);
    private static final String WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private final HttpClient http = HttpClient.newHttpClient();
    private SignedWebhookReceiver receiver;
    private EmbeddedPipeline pipeline;
    private Endpoints endpoints;
    private int sequence;

    @BeforeAll
    void startPipeline(Endpoints endpoints, LocalStack stack) throws Exception {
        this.endpoints = endpoints;
        this.receiver = new SignedWebhookReceiver(WEBHOOK_SECRET);
        Path managers = stack.stateDir().resolve("it-managers.json");
        Files.writeString(managers, """
                {"managers": [{"id": "e2e-pm", "programs": ["e2e-program"], "timezone": "Europe/Madrid",
                  "email": "e2e-pm@example.org", "webhook": {"url": "%s", "secret": "%s"}}]}
                """.formatted(receiver.url(), WEBHOOK_SECRET));
        this.pipeline = EmbeddedPipeline.start(endpoints, stack.stateDir(), stack.settings()
                .with("analytics.allowed-lateness-days", "14")
                // whenever the test runs: no quiet hours, nobody held out, and escalation after seconds
                .with("alerts.quiet-from", "00:00").with("alerts.quiet-until", "00:00")
                .with("alerts.quiet-weekends", "false").with("alerts.holdout-share", "0")
                .with("alerts.escalate-after", "PT5S").with("alerts.managers-file", managers.toString()), 0);
    }

    @AfterAll
    void stopPipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
        receiver.close();
    }

    private ObjectNode registered(String participant, String role, String zone, String language) {
        ObjectNode data = JSON.createObjectNode().put("participant_id", participant).put("program_id", "e2e-program")
                .put("role", role).put("timezone", zone).put("language", language);
        data.putArray("external_identities").addObject().put("system", "email")
                .put("external_id", participant + "@example.org");
        return event("org.mentorpulse.participant.registered", DAY0.minusSeconds(86_400), data);
    }

    private static Instant at(int day, int hour) {
        return DAY0.plusSeconds(day * 86_400L + hour * 3_600L);
    }

    private ObjectNode event(String type, Instant time, ObjectNode data) {
        ObjectNode e = JSON.createObjectNode().put("specversion", "1.0").put("id", "e2e-" + (++sequence))
                .put("source", "it/e2e").put("type", type).put("time", time.toString());
        e.set("data", data);
        return e;
    }

    private ObjectNode created(String match, Instant time) {
        return event("org.mentorpulse.match.created", time, JSON.createObjectNode().put("match_id", match)
                .put("program_id", "e2e-program").put("cohort_id", "e2e-cohort")
                .put("mentor_id", match + "-mentor").put("mentee_id", match + "-mentee"));
    }

    private ObjectNode meeting(String match, Instant end) {
        return event("org.mentorpulse.meeting.held", end, JSON.createObjectNode().put("match_id", match)
                .put("meeting_id", match + "-" + sequence).put("channel", "video")
                .put("started_at", end.minusSeconds(3600).toString()).put("ended_at", end.toString()));
    }

    private HttpResponse<String> post(String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(pipeline.ingestionUrl() + "/v1/events"))
                .header("Content-Type", contentType).header("Authorization", "Bearer " + pipeline.localKey())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void shouldCountADuplicateOnceRejectAnInvalidEventByFieldAndFlagTheSilentMatch() throws Exception {
        ArrayNode batch = JSON.createArrayNode();
        batch.add(registered("e2e-silent-mentor", "mentor", "Europe/Lisbon", "en"));
        batch.add(registered("e2e-silent-mentee", "mentee", "America/Chicago", "es"));
        batch.add(created("e2e-active", at(0, 9)));
        batch.add(created("e2e-silent", at(0, 9)));
        ObjectNode onlyMeeting = meeting("e2e-silent", at(1, 11));
        batch.add(onlyMeeting);
        // the active pair meets every three days until day 44, so event time passes day 38, the day looked at
        for (int day = 2; day <= 44; day += 3) {
            batch.add(meeting("e2e-active", at(day, 15)));
        }
        HttpResponse<String> accepted = post("application/cloudevents-batch+json", JSON.writeValueAsString(batch));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(JSON.readTree(accepted.body()).get("accepted").asInt()).isEqualTo(batch.size());

        // a sender retrying the same event: answered as a duplicate, stored once
        HttpResponse<String> retry = post("application/cloudevents+json", JSON.writeValueAsString(onlyMeeting));
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(retry.body()).at("/results/0/status").asText()).isEqualTo("duplicate");

        ObjectNode invalid = meeting("e2e-silent", at(2, 10));
        ((ObjectNode) invalid.get("data")).remove("match_id");
        String invalidId = invalid.get("id").asText();
        HttpResponse<String> refused = post("application/cloudevents+json", JSON.writeValueAsString(invalid));
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(refused.body()).get("results").get(0);
        assertThat(error.get("status").asText()).isEqualTo("rejected");
        assertThat(error.get("errors").get(0).get("field").asText()).isEqualTo("data.match_id");
        assertThat(error.get("errors").get(0).get("reason").asText()).isEqualTo("required field is missing");

        assertThat(deadLetterIds()).contains(invalidId);

        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                URI.create(pipeline.managementUrl() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("mentorpulse_ingestion_events_total{outcome=\"accepted\"} " + batch.size() + ".0")
                .contains("mentorpulse_ingestion_events_total{outcome=\"duplicate\"} 1.0")
                .contains("mentorpulse_ingestion_events_total{outcome=\"rejected\"} 1.0")
                .contains("mentorpulse_ingestion_rejections_total{field=\"data.match_id\",reason=\"missing\"} 1.0")
                .contains("mentorpulse_ingestion_request_seconds_count 3");

        awaitRows("e2e-silent", EVALUATED);
        awaitRows("e2e-active", EVALUATED);
        try (Connection c = endpoints.openClickHouse()) {
            assertThat(queryLong(c, "SELECT count() FROM mentorpulse.events WHERE source = 'it/e2e' AND id = '"
                    + onlyMeeting.get("id").asText() + "'")).isEqualTo(1);
            assertThat(queryLong(c, "SELECT count() FROM mentorpulse.events WHERE id = '" + invalidId + "'"))
                    .isZero();
            awaitRejectedRow(c, invalidId);
            assertThat(queryString(c, "SELECT concat(fields[1], '|', codes[1], '|', sender) FROM "
                    + "mentorpulse.rejected_events FINAL WHERE event_id = '" + invalidId + "'"))
                    .isEqualTo("data.match_id|missing|" + EmbeddedPipeline.LOCAL_SOURCE);
            assertThat(queryString(c, level("e2e-silent"))).isEqualTo("stalled");
            assertThat(queryLong(c, "SELECT days_since_two_way_contact FROM mentorpulse.match_risk FINAL "
                    + "WHERE match_id = 'e2e-silent' AND day = '" + EVALUATED + "'")).isEqualTo(37);
            assertThat(queryString(c, level("e2e-active"))).isEqualTo("on_track");
            // the stall reached the alerting app through the risk topic, and its transition reached the table
            awaitLong(c, "SELECT count() > 0 FROM mentorpulse.alerts FINAL WHERE match_id = 'e2e-silent' "
                    + "AND kind = 'stalled' AND transition = 'raised' AND actor = 'system' AND held_out IS NOT NULL", 1);

            // a meeting of day 10 reported 30 days late: set aside for the days that are closed (older than the
            // 14 days of allowed lateness), counted from the first open day on
            ObjectNode late = meeting("e2e-silent", at(10, 11));
            assertThat(post("application/cloudevents+json", JSON.writeValueAsString(late)).statusCode())
                    .isEqualTo(200);
            awaitLong(c, "SELECT count() FROM mentorpulse.late_events WHERE id = '" + late.get("id").asText()
                    + "' AND reason = 'beyond_allowed_lateness'", 1);
            awaitLong(c, "SELECT days_since_two_way_contact FROM mentorpulse.match_risk FINAL "
                    + "WHERE match_id = 'e2e-silent' AND day = '" + EVALUATED + "'", 28);
            assertThat(queryString(c, "SELECT toString(first_open_day) FROM mentorpulse.late_events FINAL WHERE id = '"
                    + late.get("id").asText() + "'")).isEqualTo(LocalDate.of(2026, 8, 5).toString());
            assertThat(queryLong(c, "SELECT days_since_two_way_contact FROM mentorpulse.match_risk FINAL "
                    + "WHERE match_id = 'e2e-silent' AND day = '2026-07-26'")).as("a closed day").isEqualTo(19);
            assertThat(queryLong(c, "SELECT days_since_two_way_contact FROM mentorpulse.match_daily FINAL "
                    + "WHERE match_id = 'e2e-silent' AND day = '" + EVALUATED + "'")).isEqualTo(28);
        }
    }

    @Test
    @Order(2)
    void shouldRefuseAYear9999EventByItsTimeAndKeepProcessingTheNextOne() throws Exception {
        ObjectNode absurd = created("e2e-year-9999", Instant.parse("9999-12-31T23:59:59Z"));
        HttpResponse<String> refused = post("application/cloudevents+json", JSON.writeValueAsString(absurd));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(refused.body()).at("/results/0/errors/0");
        assertThat(error.get("field").asText()).isEqualTo("time");
        assertThat(error.get("reason").asText()).contains("9999-12-31T23:59:59Z").contains("after it was received");

        ObjectNode normal = created("e2e-after-9999", at(3, 9));
        assertThat(post("application/cloudevents+json", JSON.writeValueAsString(normal)).statusCode()).isEqualTo(200);
        try (Connection c = endpoints.openClickHouse()) {
            awaitLong(c, "SELECT count() FROM mentorpulse.events FINAL WHERE source = 'it/e2e' AND id = '"
                    + normal.get("id").asText() + "'", 1);
            awaitRejectedRow(c, absurd.get("id").asText());
            assertThat(queryString(c, "SELECT concat(fields[1], '|', codes[1]) FROM mentorpulse.rejected_events FINAL "
                    + "WHERE event_id = '" + absurd.get("id").asText() + "'")).isEqualTo("time|invalid_value");
        }
        // every stage still works, and says so on the management port only
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(pipeline.managementUrl() + "/readyz"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(JSON.readTree(ready.body()).get("stages").fieldNames()).toIterable()
                .containsExactly("ingestion", "identity-resolver", "deduplicator", "alerting", "notifier", "analytics");
        assertThat(pipeline.stoppedStage()).isEmpty();
        HttpResponse<String> apiMetrics = http.send(HttpRequest.newBuilder(URI.create(pipeline.ingestionUrl()
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(apiMetrics.statusCode()).as("metrics are not served on the API port").isEqualTo(404);
    }

    @Test
    @Order(3)
    void theStalledPairIsNudgedByMailInTheirLanguagesAndTheManagerGetsTheEscalationByMailAndSignedWebhook()
            throws Exception {
        MailState mail = endpoints.mail();
        try (Connection c = endpoints.openClickHouse()) {
            String alertId = queryString(c, "SELECT alert_id FROM mentorpulse.alerts FINAL WHERE match_id = "
                    + "'e2e-silent' AND kind = 'stalled' AND transition = 'raised'");
            // escalated after five seconds, to the manager's mail and webhook: both delivered and logged
            awaitLong(c, "SELECT count() FROM mentorpulse.deliveries FINAL WHERE has(alert_ids, '" + alertId
                    + "') AND purpose = 'escalation' AND status = 'sent'", 2);
            List<MailCatcher.Mail> toManager = MailCatcher.inbox(mail.host(), mail.imapPort(), "e2e-pm@example.org");
            // (an at_risk alert the match had before it stalled may have been escalated too: it is another alert)
            assertThat(toManager).extracting(MailCatcher.Mail::subject)
                    .containsOnlyOnce("Match e2e-silent is stalled and nobody has acted yet");
            assertThat(receiver.received()).filteredOn(hook -> hook.id().startsWith(alertId + "/"))
                    .singleElement().satisfies(hook -> {
                assertThat(hook.signatureValid()).isTrue();
                assertThat(hook.id()).startsWith(alertId + "/escalation/e2e-pm/");
            });

            // each of the pair got every nudge the alerts table records for them, once, in their language
            for (String[] who : new String[][] {{"e2e-silent-mentee", "es", "Es buen momento para retomar el "
                    + "contacto con tu mentor/a"}, {"e2e-silent-mentor", "en", "Time to get back in touch with your "
                    + "mentee"}}) {
                String nudged = "SELECT count() FROM mentorpulse.alerts FINAL WHERE match_id = 'e2e-silent' AND "
                        + "transition = 'nudged' AND recipient = '" + who[0] + "'";
                String sent = "SELECT count() FROM mentorpulse.deliveries FINAL WHERE recipient_id = '" + who[0]
                        + "' AND status = 'sent'";
                // both counts in one query: the alerts and the deliveries reach ClickHouse through different
                // sinks, so counting one and then waiting for the other would depend on which is written first
                awaitLong(c, "SELECT (" + nudged + ") > 0 AND (" + nudged + ") = (" + sent + ")", 1);
                long nudges = queryLong(c, nudged);
                assertThat(nudges).as(who[0]).isPositive();
                assertThat(queryLong(c, sent)).as(who[0]).isEqualTo(nudges);
                List<MailCatcher.Mail> inbox = MailCatcher.inbox(mail.host(), mail.imapPort(),
                        who[0] + "@example.org");
                assertThat(inbox).hasSize((int) nudges);
                assertThat(inbox).extracting(MailCatcher.Mail::subject, MailCatcher.Mail::language)
                        .containsOnly(org.assertj.core.api.Assertions.tuple(who[2], who[1]));
                assertThat(inbox).extracting(MailCatcher.Mail::messageId).doesNotHaveDuplicates();
            }

            // the manager acknowledges through the ingestion API; the alert records it
            // on the test's own timeline: an event of today would move the shared log's event time for every test
            ObjectNode ack = event("org.mentorpulse.alert.acknowledged", at(45, 9), JSON.createObjectNode()
                    .put("match_id", "e2e-silent").put("staff_id", "e2e-pm").put("alert_id", alertId));
            ack.put("subject", "e2e-silent");
            assertThat(post("application/cloudevents+json", JSON.writeValueAsString(ack)).statusCode()).isEqualTo(200);
            awaitLong(c, "SELECT count() FROM mentorpulse.alerts FINAL WHERE alert_id = '" + alertId
                    + "' AND transition = 'acknowledged' AND actor = 'e2e-pm'", 1);
        }

        // the match's state, from the alerting app's store: the acknowledgement is there, the parties' last contact
        HttpResponse<String> state = get(pipeline.matchStateUrl() + "/v1/matches/e2e-silent", pipeline.localKey());
        assertThat(state.statusCode()).as(state.body()).isEqualTo(200);
        JsonNode match = JSON.readTree(state.body());
        assertThat(match.get("level").asText()).isEqualTo("stalled");
        assertThat(match.at("/open/stalled/acknowledged_by").asText()).isEqualTo("e2e-pm");
        assertThat(match.get("mentor_id").asText()).isEqualTo("e2e-silent-mentor");
        assertThat(get(pipeline.matchStateUrl() + "/v1/matches/e2e-silent", null).statusCode()).isEqualTo(401);
        assertThat(get(pipeline.matchStateUrl() + "/v1/matches/e2e-silent", "mpk_not-a-key").statusCode())
                .isEqualTo(401);
        assertThat(get(pipeline.matchStateUrl() + "/v1/matches/no-such-match", pipeline.localKey()).statusCode())
                .isEqualTo(404);
    }

    private HttpResponse<String> get(String url, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitLong(Connection c, String sql, long expected) throws Exception {
        Waiting.until(sql + " = " + expected, () -> queryLong(c, sql), n -> n == expected);
    }

    private static String level(String match) {
        return "SELECT level FROM mentorpulse.match_risk FINAL WHERE match_id = '" + match + "' AND day = '"
                + EVALUATED + "'";
    }

    private List<String> deadLetterIds() throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        for (ConsumerRecord<String, String> r : TopicContents.toEnd(endpoints.kafkaBootstrap(), Topics.DEAD_LETTERS,
                new StringDeserializer(), new StringDeserializer())) {
            // the topic is shared with the other tests' stages; this test's letters come from its source
            JsonNode letter = JSON.readTree(r.value());
            if (!"it/e2e".equals(letter.path("source").asText())) {
                continue;
            }
            assertThat(letter.get("rejected_by").asText()).isEqualTo(IngestionService.COMPONENT);
            assertThat(letter.get("original_payload").asText()).contains("e2e-silent");
            ids.add(letter.get("id").asText());
        }
        return ids;
    }

    private void awaitRows(String match, LocalDate day) throws Exception {
        try (Connection c = endpoints.openClickHouse()) {
            Waiting.until("rows for " + match + " on " + day, () -> {
                assertThat(pipeline.jobIsRunning()).as("the Flink job is running").isTrue();
                return queryLong(c, "SELECT count() FROM mentorpulse.match_risk WHERE match_id = '" + match
                        + "' AND day = '" + day + "'");
            }, n -> n > 0);
        }
    }

    private static void awaitRejectedRow(Connection c, String id) throws Exception {
        Waiting.until("rejected event " + id + " in ClickHouse",
                () -> queryLong(c, "SELECT count() FROM mentorpulse.rejected_events WHERE event_id = '" + id + "'"),
                n -> n > 0);
    }

    private static long queryLong(Connection c, String sql) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    private static String queryString(Connection c, String sql) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
