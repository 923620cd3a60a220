package org.mentorpulse.ingestion.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mentorpulse.ingestion.webhooks.VendorSamples.NOW;
import static org.mentorpulse.ingestion.webhooks.VendorSamples.sample;
import static org.mentorpulse.ingestion.webhooks.VendorSamples.signedV0;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mentorpulse.ingestion.webhooks.VendorEvent.Identity;
import org.mentorpulse.schema.EventTypes;

class VendorAdaptersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ZOOM_SECRET = "zoom-secret-token";
    private static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

    private static String everything(WebhookResult result) throws Exception {
        return JSON.writeValueAsString(result.events()) + result.body();
    }

    @Test
    void zoomAnswersItsSignedUrlValidationWithTheTokensHmac() throws Exception {
        WebhookResult result = new ZoomAdapter(ZOOM_SECRET).handle(signedV0(sample("zoom-url-validation.json"),
                ZOOM_SECRET, "x-zm-request-timestamp", "x-zm-signature", NOW));
        assertThat(result.status()).isEqualTo(200);
        var answer = JSON.readTree(result.body());
        assertThat(answer.get("plainToken").asText()).isEqualTo("qgg8vlvZRS6UYooatFL8Aw");
        assertThat(answer.get("encryptedToken").asText())
                .isEqualTo(Signatures.hmacSha256Hex(ZOOM_SECRET, "qgg8vlvZRS6UYooatFL8Aw")).hasSize(64);
    }

    @Test
    void aForgedZoomChallengeIsRefusedAndSignsNothing() throws Exception {
        ZoomAdapter zoom = new ZoomAdapter(ZOOM_SECRET);
        // the attack: ask the endpoint to "encrypt" the signed string of a body of our choice
        long ts = NOW.getEpochSecond();
        String forgedBody = "{\"event\":\"meeting.ended\",\"payload\":{\"object\":{\"uuid\":\"x\"}}}";
        String challenge = "{\"event\":\"endpoint.url_validation\",\"payload\":{\"plainToken\":"
                + JSON.writeValueAsString("v0:" + ts + ":" + forgedBody) + "}}";

        WebhookResult unsigned = zoom.handle(new WebhookRequest(Map.of(), Map.of(),
                challenge.getBytes(StandardCharsets.UTF_8), NOW));
        assertThat(unsigned.status()).isEqualTo(401);
        assertThat(unsigned.body()).doesNotContain(Signatures.hmacSha256Hex(ZOOM_SECRET, "v0:" + ts + ":" + forgedBody));
        WebhookResult wronglySigned = zoom.handle(signedV0(challenge.getBytes(StandardCharsets.UTF_8), "guessed",
                "x-zm-request-timestamp", "x-zm-signature", NOW));
        assertThat(wronglySigned.status()).isEqualTo(401);
        WebhookResult replayed = zoom.handle(signedV0(sample("zoom-url-validation.json"), ZOOM_SECRET,
                "x-zm-request-timestamp", "x-zm-signature", NOW.minusSeconds(301)));
        assertThat(replayed.status()).isEqualTo(401);
        assertThat(replayed.body()).contains("older than 5 minutes");
    }

    @Test
    void theV0SchemeMatchesSlacksPublishedExample() {
        // Slack's documentation ("Verifying requests from Slack"): secret, timestamp, body and signature as published
        String body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
                + "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
                + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
                + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
        String signature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
        java.time.Instant then = java.time.Instant.ofEpochSecond(1531420618L + 30);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        assertThat(Signatures.verifyV0("8f742231b10e8888abcd99yyyzzz85a5", "1531420618", signature, bytes, then))
                .isNull();
        assertThat(Signatures.verifyV0("8f742231b10e8888abcd99yyyzzz85a5", "1531420618", signature.replace('a', 'b'),
                bytes, then)).isEqualTo("the signature does not match");
        assertThat(Signatures.verifyV0("8f742231b10e8888abcd99yyyzzz85a5", "1531420618", signature, bytes,
                then.plusSeconds(600))).contains("older than");
        assertThat(Signatures.verifyV0("8f742231b10e8888abcd99yyyzzz85a5", "-9223372036854775808", signature, bytes,
                then)).contains("older than");
    }

    @Test
    void zoomMeetingEndedBecomesMeetingHeldWithTheAttendeesThatJoined() throws Exception {
        ZoomAdapter zoom = new ZoomAdapter(ZOOM_SECRET);
        WebhookResult joined = zoom.handle(signedV0(sample("zoom-participant-joined.json"), ZOOM_SECRET,
                "x-zm-request-timestamp", "x-zm-signature", NOW));
        assertThat(joined.status()).isEqualTo(200);
        assertThat(joined.events()).isEmpty();

        WebhookResult ended = zoom.handle(signedV0(sample("zoom-meeting-ended.json"), ZOOM_SECRET,
                "x-zm-request-timestamp", "x-zm-signature", NOW));
        VendorEvent held = ended.events().get(0);
        assertThat(held.type()).isEqualTo(EventTypes.MEETING_HELD);
        assertThat(held.time()).isEqualTo("2026-03-03T09:55:00Z");
        assertThat(held.data().get("started_at").asText()).isEqualTo("2026-03-03T09:00:00Z");
        assertThat(held.identities()).contains(new Identity("zoom", "z8yBXksdfasd-Z6fRc5A"),
                Identity.email("ben@example.org"), new Identity("zoom", "iFxeBPYun6SAiWUzBcEkX"));
        assertThat(everything(ended)).doesNotContain("grant application").doesNotContain("career plan");
    }

    @Test
    void zoomRefusesABadOrStaleSignature() {
        ZoomAdapter zoom = new ZoomAdapter(ZOOM_SECRET);
        assertThat(zoom.handle(signedV0(sample("zoom-meeting-ended.json"), "wrong-secret",
                "x-zm-request-timestamp", "x-zm-signature", NOW)).status()).isEqualTo(401);
        assertThat(zoom.handle(signedV0(sample("zoom-meeting-ended.json"), ZOOM_SECRET,
                "x-zm-request-timestamp", "x-zm-signature", NOW.minusSeconds(600))).body()).contains("older than");
    }

    @Test
    void slackMessageKeepsWhoAndWhenAndDropsTheText() throws Exception {
        SlackAdapter slack = new SlackAdapter(SLACK_SECRET);
        WebhookResult result = slack.handle(signedV0(sample("slack-message.json"), SLACK_SECRET,
                "x-slack-request-timestamp", "x-slack-signature", NOW));
        VendorEvent message = result.events().get(0);
        assertThat(message.type()).isEqualTo(EventTypes.MESSAGE_SENT);
        assertThat(message.people()).containsEntry("sender_id", new Identity("slack", "U2147483697"));
        assertThat(message.time()).isEqualTo("2026-03-03T09:46:00.000200Z");
        assertThat(message.data().get("length_chars").asInt())
                .isEqualTo("I am thinking of quitting the program, please keep this between us".length());
        assertThat(everything(result)).doesNotContain("quitting").doesNotContain("between us");
    }

    @Test
    void slackAnswersUrlVerificationOnlyWhenSignedAndIgnoresEdits() {
        SlackAdapter slack = new SlackAdapter(SLACK_SECRET);
        WebhookResult challenge = slack.handle(signedV0(sample("slack-url-verification.json"), SLACK_SECRET,
                "x-slack-request-timestamp", "x-slack-signature", NOW));
        assertThat(challenge.body()).isEqualTo("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
        assertThat(slack.handle(signedV0(sample("slack-url-verification.json"), "forged",
                "x-slack-request-timestamp", "x-slack-signature", NOW)).status()).isEqualTo(401);
        assertThat(slack.handle(signedV0(sample("slack-message-changed.json"), SLACK_SECRET,
                "x-slack-request-timestamp", "x-slack-signature", NOW)).events()).isEmpty();
    }

    @Test
    void graphEchoesTheValidationTokenAndMapsOnlyItsOwnCallRecords() {
        GraphAdapter graph = new GraphAdapter("mp-client-state");
        WebhookResult validation = graph.handle(new WebhookRequest(Map.of(),
                Map.of("validationToken", "Validation: Testing client application"), new byte[0], NOW));
        assertThat(validation.contentType()).isEqualTo("text/plain");
        assertThat(validation.body()).isEqualTo("Validation: Testing client application");
        assertThat(graph.handle(new WebhookRequest(Map.of(), Map.of("validationToken", "<script>\u0000" + "x".repeat(2000)),
                new byte[0], NOW)).status()).as("not a mirror for any content").isEqualTo(400);

        WebhookResult result = graph.handle(new WebhookRequest(Map.of(), Map.of(), sample("graph-callrecord.json"),
                NOW));
        assertThat(result.status()).isEqualTo(202);
        assertThat(result.events()).singleElement().satisfies(e -> {
            assertThat(e.data().get("channel").asText()).isEqualTo("video");
            assertThat(e.identities()).contains(new Identity("msgraph", "f69e2c00-0000-0000-0000-185e5f5f5d8a"));
        });
        // the bare notification cannot be mapped without fetching the record: it is reported, not dropped
        assertThat(result.unmappable()).singleElement().asString().contains("0a1b2c3d");

        assertThat(new GraphAdapter("other-state").handle(new WebhookRequest(Map.of(), Map.of(),
                sample("graph-callrecord.json"), NOW)).status()).isEqualTo(401);
    }

    @Test
    void calendarEventsBecomeScheduledOrCancelledMeetingsWithoutTitlesOrNotes() throws Exception {
        WebhookResult result = new CalendarAdapter().handle(new WebhookRequest(Map.of(), Map.of(),
                sample("gcal-events.json"), NOW));
        assertThat(result.events()).extracting(VendorEvent::type)
                .containsExactly(EventTypes.MEETING_SCHEDULED, EventTypes.MEETING_CANCELLED);
        VendorEvent scheduled = result.events().get(0);
        assertThat(scheduled.data().get("scheduled_minutes").asInt()).isEqualTo(45);
        assertThat(scheduled.identities()).containsExactly(Identity.email("ana@example.org"),
                Identity.email("ben@example.org"));
        assertThat(result.unmappable()).singleElement().asString().contains("allday1");
        assertThat(everything(result)).doesNotContain("salary").doesNotContain("private notes");
    }

    @Test
    void surveyResponsesNeedTheSharedSecretAndLoseTheirComments() throws Exception {
        byte[] body = sample("survey-response.json");
        SurveyAdapter survey = new SurveyAdapter("survey-secret");
        String ts = Long.toString(NOW.getEpochSecond());
        assertThat(survey.handle(new WebhookRequest(Map.of("x-mentorpulse-signature", "sha256=00",
                "x-mentorpulse-timestamp", ts), Map.of(), body, NOW)).status()).isEqualTo(401);
        // the body signed alone (the old scheme) is not enough: the time is part of what is signed
        assertThat(survey.handle(new WebhookRequest(Map.of("x-mentorpulse-signature",
                "sha256=" + Signatures.hmacSha256Hex("survey-secret", body), "x-mentorpulse-timestamp", ts), Map.of(),
                body, NOW)).status()).isEqualTo(401);
        String signature = Signatures.signTimestamped("survey-secret", NOW.getEpochSecond(), body);
        assertThat(survey.handle(new WebhookRequest(Map.of("x-mentorpulse-signature", signature,
                "x-mentorpulse-timestamp", ts), Map.of(), body, NOW.plusSeconds(301))).body())
                .as("replayed later").contains("older than");
        WebhookResult result = survey.handle(new WebhookRequest(Map.of("x-mentorpulse-signature", signature,
                "x-mentorpulse-timestamp", ts), Map.of(), body, NOW));
        VendorEvent feedback = result.events().get(0);
        assertThat(feedback.data().get("satisfaction").asInt()).isEqualTo(4);
        assertThat(feedback.data().get("scores").get("usefulness").asDouble()).isEqualTo(3.5);
        assertThat(everything(result)).doesNotContain("always late");
    }
}
