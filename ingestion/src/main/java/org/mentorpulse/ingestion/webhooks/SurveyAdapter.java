package org.mentorpulse.ingestion.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mentorpulse.ingestion.webhooks.VendorEvent.Identity;
import org.mentorpulse.schema.EventTypes;

/**
 * A generic survey webhook for feedback instruments, for tools that can post JSON and sign it with a shared
 * secret: {@code X-MentorPulse-Timestamp: <seconds since the epoch>} and {@code X-MentorPulse-Signature:
 * sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">} ({@link Signatures#verifyTimestamped}). The timestamp is
 * signed so that a captured request cannot be replayed after five minutes. Body:
 * <pre>{"response_id": "...", "submitted_at": "RFC 3339", "respondent_email": "...",
 *  "instrument": "pulse|midpoint|exit|other", "answers": {"satisfaction": 4, "rapport": 5, "comments": "..."}}</pre>
 * Numeric answers become scores; {@code satisfaction} is required by the catalogue; text answers are dropped.
 */
public final class SurveyAdapter implements WebhookAdapter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> INSTRUMENTS = Set.of("pulse", "midpoint", "exit", "other");

    private final String secret;

    public SurveyAdapter(String secret) {
        this.secret = secret;
    }

    @Override
    public String name() {
        return "survey";
    }

    @Override
    public WebhookResult handle(WebhookRequest request) {
        String problem = Signatures.verifyTimestamped(secret, request.header("x-mentorpulse-timestamp"),
                request.header("x-mentorpulse-signature"), request.body(), request.now());
        if (problem != null) {
            return WebhookResult.refused(401, "survey signature check failed: " + problem + " (X-MentorPulse-Signature "
                    + "must be sha256=<hex HMAC-SHA256 of \"<X-MentorPulse-Timestamp>.<body>\" with the shared secret>)");
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (IOException e) {
            return WebhookResult.refused(400, "the body is not JSON");
        }
        String email = body.path("respondent_email").asText("");
        String responseId = body.path("response_id").asText("");
        if (email.isBlank() || responseId.isBlank()) {
            return WebhookResult.ok(List.of()).withUnmappable(List.of(
                    "a survey response needs response_id and respondent_email"));
        }
        String instrument = body.path("instrument").asText("other");
        ObjectNode data = JSON.createObjectNode().put("instrument", INSTRUMENTS.contains(instrument) ? instrument : "other");
        JsonNode answers = body.path("answers");
        if (answers.has("satisfaction")) {
            data.set("satisfaction", answers.get("satisfaction"));
        }
        ObjectNode scores = data.putObject("scores");
        answers.properties().forEach(answer -> {
            if (!answer.getKey().equals("satisfaction") && answer.getValue().isNumber()) {
                scores.put(answer.getKey(), answer.getValue().asDouble());
            }
        });
        Identity respondent = Identity.email(email);
        return WebhookResult.ok(List.of(new VendorEvent(source(), "survey-" + responseId,
                EventTypes.FEEDBACK_SUBMITTED, body.path("submitted_at").asText(), data,
                Map.of("respondent_id", respondent), Map.of(), List.of(respondent))));
    }
}
