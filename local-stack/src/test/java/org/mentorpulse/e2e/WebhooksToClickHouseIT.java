package org.mentorpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mentorpulse.ingestion.webhooks.Signatures;
import org.mentorpulse.pipeline.EmbeddedPipeline;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.stack.LocalStack;
import org.mentorpulse.testing.LocalStackExtension;
import org.mentorpulse.testing.Waiting;

/**
 * Vendor webhooks across the real stack: a Slack message and a Zoom meeting arrive before anyone is
 * registered, wait for identity resolution, and reach ClickHouse under the right match once the participants
 * and the match are known. The message text and the meeting topic are stored nowhere.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class WebhooksToClickHouseIT {
    private static final String SLACK_SECRET = "it-slack-signing-secret";
    private static final String ZOOM_SECRET = "it-zoom-secret-token";
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(EmbeddedPipeline pipeline, String path, String body, List<String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(pipeline.ingestionUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.size(); i += 2) {
            request.header(headers.get(i), headers.get(i + 1));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> signedV0(String body, String secret, String tsHeader, String sigHeader) {
        String ts = Long.toString(Instant.now().getEpochSecond());
        String signature = "v0=" + Signatures.hmacSha256Hex(secret,
                ("v0:" + ts + ":" + body).getBytes(StandardCharsets.UTF_8));
        return List.of(tsHeader, ts, sigHeader, signature);
    }

    @Test
    void vendorEventsWaitForTheirPeopleAndThenLandUnderTheirMatch(Endpoints endpoints, LocalStack stack)
            throws Exception {
        var settings = stack.settings().with("webhooks.slack.signing-secret", SLACK_SECRET)
                .with("webhooks.zoom.secret-token", ZOOM_SECRET);
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(endpoints, stack.stateDir(), settings, 0)) {
            String slack = """
                    {"type":"event_callback","event_id":"EvIT0001","event":{"type":"message","channel":"D1",
                     "user":"UITANA","text":"secret plans nobody may read","ts":"1767780000.000100"}}""";
            assertThat(post(pipeline, "/v1/webhooks/slack", slack,
                    signedV0(slack, SLACK_SECRET, "X-Slack-Request-Timestamp", "X-Slack-Signature")).statusCode())
                    .isEqualTo(200);
            String joined = """
                    {"event":"meeting.participant_joined","payload":{"object":{"id":"9001","uuid":"it-uuid-1",
                     "host_id":"zoom-ana","topic":"very private topic","participant":{"email":"ben.it@example.org"}}}}""";
            String ended = """
                    {"event":"meeting.ended","payload":{"object":{"id":"9001","uuid":"it-uuid-1","host_id":"zoom-ana",
                     "topic":"very private topic","start_time":"2026-01-07T10:00:00Z","end_time":"2026-01-07T10:50:00Z"}}}""";
            for (String zoom : List.of(joined, ended)) {
                assertThat(post(pipeline, "/v1/webhooks/zoom", zoom,
                        signedV0(zoom, ZOOM_SECRET, "x-zm-request-timestamp", "x-zm-signature")).statusCode())
                        .isEqualTo(200);
            }
            HttpResponse<String> forged = post(pipeline, "/v1/webhooks/slack", slack,
                    signedV0(slack, "not-the-secret", "X-Slack-Request-Timestamp", "X-Slack-Signature"));
            assertThat(forged.statusCode()).isEqualTo(401);
            assertThat(post(pipeline, "/v1/webhooks/msgraph", "{}", List.of()).statusCode()).isEqualTo(404);

            awaitHeld(pipeline, 2);

            String people = """
                    [{"specversion":"1.0","id":"wh-it-1","source":"/it/platform","type":"org.mentorpulse.participant.registered",
                      "time":"2026-01-05T09:00:00Z","data":{"participant_id":"p-it-ana","program_id":"it","role":"mentor",
                      "timezone":"Europe/Berlin","external_identities":[{"system":"slack","external_id":"UITANA"},
                      {"system":"zoom","external_id":"zoom-ana"}]}},
                     {"specversion":"1.0","id":"wh-it-2","source":"/it/platform","type":"org.mentorpulse.participant.registered",
                      "time":"2026-01-05T09:00:00Z","data":{"participant_id":"p-it-ben","program_id":"it","role":"mentee",
                      "timezone":"Asia/Tokyo","external_identities":[{"system":"email","external_id":"Ben.IT@example.org"}]}},
                     {"specversion":"1.0","id":"wh-it-3","source":"/it/platform","type":"org.mentorpulse.match.created",
                      "time":"2026-01-05T10:00:00Z","data":{"match_id":"m-wh-it","program_id":"it","cohort_id":"c",
                      "mentor_id":"p-it-ana","mentee_id":"p-it-ben"}}]""";
            assertThat(post(pipeline, "/v1/events", people, List.of("Content-Type", "application/cloudevents-batch+json",
                    "Authorization", "Bearer " + pipeline.localKey())).statusCode()).isEqualTo(200);

            List<String> rows = awaitRows(endpoints, 2);
            assertThat(rows).containsExactlyInAnyOrder("/slack|p-it-ana|chat|org.mentorpulse.message.sent",
                    "/zoom||video|org.mentorpulse.meeting.held");
            assertThat(pipeline.heldForIdentity()).isZero();
        }
    }

    private static void awaitHeld(EmbeddedPipeline pipeline, int count) throws Exception {
        Waiting.until(count + " vendor events held for identities", pipeline::heldForIdentity, n -> n >= count);
    }

    private static List<String> awaitRows(Endpoints endpoints, int count) throws Exception {
        try (Connection c = endpoints.openClickHouse()) {
            return Waiting.until(count + " vendor events in ClickHouse", () -> {
                List<String> rows = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT concat(source, '|', actor_id, '|', channel, '|', "
                        + "type) FROM mentorpulse.events FINAL WHERE match_id = 'm-wh-it' AND source IN ('/slack', '/zoom') "
                        + "ORDER BY 1");
                        ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(rs.getString(1));
                    }
                }
                return rows;
            }, rows -> rows.size() >= count);
        }
    }
}
