package org.mentorpulse.ingestion.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mentorpulse.ingestion.webhooks.VendorEvent.Identity;
import org.mentorpulse.schema.EventTypes;

/**
 * Zoom meeting webhooks (developers.zoom.us, "Using webhooks"). Signature: {@code x-zm-signature} is
 * {@code v0=} HMAC-SHA256 of {@code v0:<x-zm-request-timestamp>:<body>} with the app's secret token. The URL
 * validation challenge ({@code endpoint.url_validation}), signed like every other request, is answered with
 * the plain token and its HMAC.
 * {@code meeting.participant_joined} records who was there; {@code meeting.ended} becomes
 * {@code meeting.held} with those attendees and the host.
 */
public final class ZoomAdapter implements WebhookAdapter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MEETINGS_REMEMBERED = 10_000;

    private final String secretToken;
    /** attendees per meeting instance (uuid) until the meeting ends; bounded, oldest dropped first */
    private final Map<String, Set<Identity>> attendance = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Set<Identity>> eldest) {
            return size() > MEETINGS_REMEMBERED;
        }
    };

    public ZoomAdapter(String secretToken) {
        this.secretToken = secretToken;
    }

    @Override
    public String name() {
        return "zoom";
    }

    @Override
    public synchronized WebhookResult handle(WebhookRequest request) {
        // Every request is verified first, the URL validation challenge included: its answer is an HMAC made
        // with our secret token, so answering an unsigned challenge would sign any text a caller chose (for
        // example "v0:<ts>:<forged body>", which is exactly a valid x-zm-signature).
        String problem = Signatures.verifyV0(secretToken, request.header("x-zm-request-timestamp"),
                request.header("x-zm-signature"), request.body(), request.now());
        if (problem != null) {
            return WebhookResult.refused(401, "Zoom signature check failed: " + problem);
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (IOException e) {
            return WebhookResult.refused(400, "the body is not JSON");
        }
        String event = body.path("event").asText("");
        if (event.equals("endpoint.url_validation")) {
            String plain = body.path("payload").path("plainToken").asText("");
            ObjectNode answer = JSON.createObjectNode().put("plainToken", plain)
                    .put("encryptedToken", Signatures.hmacSha256Hex(secretToken, plain));
            return WebhookResult.reply(200, "application/json", answer.toString());
        }
        JsonNode meeting = body.path("payload").path("object");
        String uuid = meeting.path("uuid").asText("");
        switch (event) {
            case "meeting.participant_joined" -> {
                JsonNode p = meeting.path("participant");
                Set<Identity> seen = attendance.computeIfAbsent(uuid, k -> new LinkedHashSet<>());
                if (!p.path("email").asText("").isBlank()) {
                    seen.add(Identity.email(p.get("email").asText()));
                }
                if (!p.path("id").asText("").isBlank()) {
                    seen.add(new Identity("zoom", p.get("id").asText()));
                }
                return WebhookResult.ok(List.of());
            }
            case "meeting.ended" -> {
                List<Identity> people = new ArrayList<>();
                if (!meeting.path("host_id").asText("").isBlank()) {
                    people.add(new Identity("zoom", meeting.get("host_id").asText()));
                }
                people.addAll(attendance.getOrDefault(uuid, Set.of()));
                attendance.remove(uuid);
                ObjectNode data = JSON.createObjectNode()
                        .put("meeting_id", "zoom-" + meeting.path("id").asText())
                        .put("channel", "video")
                        .put("started_at", meeting.path("start_time").asText())
                        .put("ended_at", meeting.path("end_time").asText());
                return WebhookResult.ok(List.of(new VendorEvent(source(), "zoom-meeting-" + uuid,
                        EventTypes.MEETING_HELD, meeting.path("end_time").asText(), data, Map.of(),
                        Map.of("attendee_ids", people), people)));
            }
            default -> {
                // meeting.started, participant_left and the rest carry nothing the catalogue needs
                return WebhookResult.ok(List.of());
            }
        }
    }
}
