package org.mentorpulse.ingestion.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mentorpulse.ingestion.IngestionLimits;
import org.mentorpulse.ingestion.IngestionService;
import org.mentorpulse.ingestion.RecordingEventLog;
import org.mentorpulse.ingestion.auth.ApiKeys;
import org.mentorpulse.ingestion.metrics.IngestionMetrics;
import org.mentorpulse.schema.events.MessageSent;

class IngestionHttpServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = ApiKeys.newKey();
    private static final String REVOKED_KEY = ApiKeys.newKey();
    private static final String CONSOLE_KEY = ApiKeys.newKey();
    private static final IngestionLimits LIMITS = new IngestionLimits(64 * 1024, 5, 2048, 8);

    private final RecordingEventLog log = new RecordingEventLog();
    private final HttpClient client = HttpClient.newHttpClient();
    private IngestionHttpServer server;
    private String url;

    @BeforeEach
    void start() {
        ApiKeys keys = ApiKeys.fromProperties(Map.of(
                "ingestion.sources.platform.key-sha256", ApiKeys.sha256Hex(KEY),
                "ingestion.sources.platform.event-source", "/platform",
                "ingestion.sources.old-mail.key-sha256", ApiKeys.sha256Hex(REVOKED_KEY),
                "ingestion.sources.old-mail.revoked", "true",
                "ingestion.sources.console.key-sha256", ApiKeys.sha256Hex(CONSOLE_KEY),
                "ingestion.sources.console.event-source", "/console",
                "ingestion.sources.console.operator", "true"));
        IngestionService service = new IngestionService(log,
                Clock.fixed(Instant.parse("2026-03-10T00:00:00Z"), ZoneOffset.UTC), new IngestionMetrics(), LIMITS);
        server = new IngestionHttpServer(service, keys);
        url = "http://127.0.0.1:" + server.start("127.0.0.1", 0) + "/v1/events";
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String message(String id, String source) {
        return """
                {"specversion":"1.0","id":"%s","source":"%s","type":"org.mentorpulse.message.sent",
                 "time":"2026-03-02T09:30:00Z","data":{"match_id":"m-1","sender_id":"p-1","channel":"chat",
                 "text":"private words that must not be kept"}}""".formatted(id, source);
    }

    private HttpResponse<String> post(String contentType, String body, String key, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String contentType, String body) throws Exception {
        return post(contentType, body, KEY, Map.of());
    }

    @Test
    void aMissingUnknownOrRevokedKeyIsRefusedAndNothingIsWritten() throws Exception {
        String event = message("e-1", "/platform/app");
        assertThat(post(CloudEventsRequest.STRUCTURED, event, null, Map.of()).statusCode()).isEqualTo(401);
        assertThat(post(CloudEventsRequest.STRUCTURED, event, ApiKeys.newKey(), Map.of()).body())
                .contains("unknown API key");
        HttpResponse<String> revoked = post(CloudEventsRequest.STRUCTURED, event, REVOKED_KEY, Map.of());
        assertThat(revoked.statusCode()).isEqualTo(401);
        assertThat(revoked.body()).contains("old-mail").contains("revoked");
        assertThat(log.appended).isEmpty();
        assertThat(post(CloudEventsRequest.STRUCTURED, event).statusCode()).isEqualTo(200);
        assertThat(log.appended).hasSize(1);
    }

    @Test
    void aKeyMayOnlyWriteForItsOwnSource() throws Exception {
        HttpResponse<String> response = post(CloudEventsRequest.STRUCTURED, message("e-1", "/zoom"));
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).at("/results/0/errors/0");
        assertThat(error.get("field").asText()).isEqualTo("source");
        assertThat(error.get("code").asText()).isEqualTo("source_not_allowed");
        assertThat(log.appended).isEmpty();
        assertThat(log.deadLetters).singleElement().extracting(l -> l.sender()).isEqualTo("platform");
    }

    @Test
    void onlyAnOperatorKeyMaySendAManagersActionOnAnAlertAndANoteLongerThanAllowedIsRefusedByName()
            throws Exception {
        String snooze = """
                {"specversion":"1.0","id":"%s","source":"%s","type":"org.mentorpulse.alert.snoozed",
                 "time":"2026-03-02T09:30:00Z","subject":"m-1",
                 "data":{"match_id":"m-1","staff_id":"pm-1","until":"2026-04-01"}}""";
        HttpResponse<String> refused = post(CloudEventsRequest.STRUCTURED, snooze.formatted("a-1", "/platform/ui"));
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(refused.body()).at("/results/0/errors/0");
        assertThat(error.get("field").asText()).isEqualTo("type");
        assertThat(error.get("reason").asText()).contains("only an operator key may send org.mentorpulse.alert.snoozed");
        assertThat(log.appended).isEmpty();

        assertThat(post(CloudEventsRequest.STRUCTURED, snooze.formatted("a-2", "/console"), CONSOLE_KEY, Map.of())
                .statusCode()).isEqualTo(200);
        assertThat(log.appended).singleElement().extracting(e -> e.getType()).isEqualTo("org.mentorpulse.alert.snoozed");

        String note = """
                {"specversion":"1.0","id":"a-3","source":"/console","type":"org.mentorpulse.alert.annotated",
                 "time":"2026-03-02T09:30:00Z","subject":"m-1",
                 "data":{"match_id":"m-1","staff_id":"pm-1","note":"%s"}}""".formatted("x".repeat(501));
        HttpResponse<String> tooLong = post(CloudEventsRequest.STRUCTURED, note, CONSOLE_KEY, Map.of());
        JsonNode noteError = JSON.readTree(tooLong.body()).at("/results/0/errors/0");
        assertThat(noteError.get("field").asText()).isEqualTo("data.note");
        assertThat(noteError.get("reason").asText()).isEqualTo("must be at most 500 characters, not 501");
    }

    @Test
    void binaryModeReadsTheAttributesFromHeaders() throws Exception {
        HttpResponse<String> response = post("application/json; charset=utf-8",
                "{\"match_id\":\"m-1\",\"sender_id\":\"p-%C3%A9\",\"channel\":\"email\"}", KEY, Map.of(
                        "ce-specversion", "1.0", "ce-id", "bin-1", "ce-source", "/platform/mail%20gateway",
                        "ce-type", "org.mentorpulse.message.sent", "ce-time", "2026-03-02T09:30:00Z"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(log.appended).singleElement().satisfies(e -> {
            assertThat(e.getSource()).isEqualTo("/platform/mail gateway");
            assertThat(e.getId()).isEqualTo("bin-1");
            assertThat(((MessageSent) e.getData()).getChannel().name()).isEqualTo("email");
        });
    }

    @Test
    void repeatsAreAnsweredAsDuplicatesAndWrittenOnce() throws Exception {
        String batch = "[" + message("e-1", "/platform") + "," + message("e-1", "/platform") + "]";
        HttpResponse<String> first = post(CloudEventsRequest.BATCH, batch);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(first.body()).get("accepted").asInt()).isEqualTo(1);
        assertThat(JSON.readTree(first.body()).at("/results/1/status").asText()).isEqualTo("duplicate");
        HttpResponse<String> again = post(CloudEventsRequest.STRUCTURED, message("e-1", "/platform"));
        assertThat(JSON.readTree(again.body()).at("/results/0/status").asText()).isEqualTo("duplicate");
        assertThat(log.appended).hasSize(1);
    }

    @Test
    void sizeCountAndDepthLimitsAnswerWithTheLimit() throws Exception {
        String big = message("e-big", "/platform").replace("private words", "x".repeat(3000));
        HttpResponse<String> tooBig = post(CloudEventsRequest.BATCH, "[" + big + "," + message("e-2", "/platform") + "]");
        assertThat(tooBig.statusCode()).isEqualTo(207);
        assertThat(JSON.readTree(tooBig.body()).at("/results/0/errors/0/code").asText()).isEqualTo("too_large");

        String six = "[" + String.join(",", java.util.Collections.nCopies(6, message("e-3", "/platform"))) + "]";
        assertThat(post(CloudEventsRequest.BATCH, six).statusCode()).isEqualTo(413);

        String deep = "{\"a\":".repeat(20) + "1" + "}".repeat(20);
        HttpResponse<String> tooDeep = post(CloudEventsRequest.STRUCTURED, deep);
        assertThat(tooDeep.statusCode()).isEqualTo(413);
        assertThat(tooDeep.body()).contains("deeper than 8");

        String huge = "[" + String.join(",", java.util.Collections.nCopies(40, big)) + "]";
        assertThat(post(CloudEventsRequest.BATCH, huge).statusCode()).isEqualTo(413);
        assertThat(log.appended).extracting(e -> e.getId()).containsExactly("e-2");
    }

    @Test
    void deadLettersKeepWhatIsNeededToReplayButNoContent() throws Exception {
        String bad = message("e-9", "/platform").replace("\"chat\"", "\"pigeon\"");
        assertThat(post(CloudEventsRequest.STRUCTURED, bad).statusCode()).isEqualTo(400);
        String unknownType = message("e-10", "/platform").replace("message.sent", "diary.written");
        assertThat(post(CloudEventsRequest.STRUCTURED, unknownType).statusCode()).isEqualTo(400);

        assertThat(log.deadLetters).hasSize(2);
        assertThat(log.deadLetters).allSatisfy(letter -> {
            assertThat(letter.originalPayload()).doesNotContain("private words");
            assertThat(letter.rejectorVersion()).isNotBlank();
        });
        JsonNode kept = JSON.readTree(log.deadLetters.get(0).originalPayload());
        assertThat(kept.at("/data/channel").asText()).isEqualTo("pigeon");
        assertThat(kept.at("/data/sender_id").asText()).isEqualTo("p-1");
        assertThat(kept.get("id").asText()).isEqualTo("e-9");
    }

    @Test
    void anUnavailableLogGives503WithRetryAfter() throws Exception {
        log.failing = true;
        HttpResponse<String> response = post(CloudEventsRequest.STRUCTURED, message("e-1", "/platform"));
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        log.failing = false;
        assertThat(post(CloudEventsRequest.STRUCTURED, message("e-1", "/platform")).statusCode()).isEqualTo(200);
        assertThat(log.appended).hasSize(1);
    }

    @Test
    void plainJsonIsOneEventOrABatchByItsShape() throws Exception {
        HttpResponse<String> one = post("application/json", message("j-1", "/platform"));
        assertThat(JSON.readTree(one.body()).get("accepted").asInt()).isEqualTo(1);
        HttpResponse<String> many = post("application/json", "  \n[" + message("j-2", "/platform") + ","
                + message("j-3", "/platform") + "]");
        assertThat(JSON.readTree(many.body()).get("accepted").asInt()).isEqualTo(2);
        assertThat(log.appended).extracting(e -> e.getId()).containsExactly("j-1", "j-2", "j-3");
    }
}
