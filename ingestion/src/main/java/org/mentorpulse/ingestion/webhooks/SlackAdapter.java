package org.mentorpulse.ingestion.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.mentorpulse.ingestion.webhooks.VendorEvent.Identity;
import org.mentorpulse.schema.EventTypes;

/**
 * Slack Events API (api.slack.com, "Verifying requests from Slack"). Every request, the
 * {@code url_verification} challenge included, is signed: {@code X-Slack-Signature} is {@code v0=} HMAC-SHA256
 * of {@code v0:<X-Slack-Request-Timestamp>:<body>} with the app's signing secret. A {@code message} event
 * becomes {@code message.sent}: who, when, thread, length. The text is measured and dropped.
 */
public final class SlackAdapter implements WebhookAdapter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String signingSecret;

    public SlackAdapter(String signingSecret) {
        this.signingSecret = signingSecret;
    }

    @Override
    public String name() {
        return "slack";
    }

    @Override
    public WebhookResult handle(WebhookRequest request) {
        String problem = Signatures.verifyV0(signingSecret, request.header("x-slack-request-timestamp"),
                request.header("x-slack-signature"), request.body(), request.now());
        if (problem != null) {
            return WebhookResult.refused(401, "Slack signature check failed: " + problem);
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (IOException e) {
            return WebhookResult.refused(400, "the body is not JSON");
        }
        if (body.path("type").asText().equals("url_verification")) {
            return WebhookResult.reply(200, "text/plain", body.path("challenge").asText(""));
        }
        JsonNode event = body.path("event");
        // edits, deletions, joins and bot posts have a subtype: they are not a person writing to their pair
        if (!body.path("type").asText().equals("event_callback") || !event.path("type").asText().equals("message")
                || event.has("subtype") || event.path("user").asText("").isBlank()) {
            return WebhookResult.ok(List.of());
        }
        Instant at = slackTime(event.path("ts").asText("0"));
        ObjectNode data = JSON.createObjectNode().put("channel", "chat")
                .put("length_chars", event.path("text").asText("").length());
        if (event.hasNonNull("thread_ts")) {
            data.put("thread_id", "slack-" + event.path("channel").asText() + "-" + event.get("thread_ts").asText());
        }
        Identity sender = new Identity("slack", event.get("user").asText());
        String id = body.hasNonNull("event_id") ? body.get("event_id").asText()
                : event.path("channel").asText() + "-" + event.path("ts").asText();
        return WebhookResult.ok(List.of(new VendorEvent(source(), "slack-" + id, EventTypes.MESSAGE_SENT,
                at.toString(), data, Map.of("sender_id", sender), Map.of(), List.of(sender))));
    }

    /** Slack timestamps are seconds with a six-digit fraction, e.g. 1355517523.000005. */
    static Instant slackTime(String ts) {
        BigDecimal seconds = new BigDecimal(ts);
        return Instant.ofEpochSecond(seconds.longValue(),
                seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
    }
}
