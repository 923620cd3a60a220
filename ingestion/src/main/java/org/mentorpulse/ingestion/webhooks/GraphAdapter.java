package org.mentorpulse.ingestion.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.mentorpulse.ingestion.webhooks.VendorEvent.Identity;
import org.mentorpulse.schema.EventTypes;

/**
 * Microsoft Graph change notifications for Teams call records (learn.microsoft.com, "Receive change
 * notifications through webhooks"). Subscription validation: a POST with {@code ?validationToken=} is answered
 * 200 with the token as plain text. Notifications carry the {@code clientState} chosen at subscription; one
 * that does not carry ours is not from our subscription and is ignored.
 *
 * <p>A {@code communications/callRecords} notification names the record; its times and participants are in
 * the callRecord resource. When the notification carries that resource (a relay that fetches it, or rich
 * notifications decrypted upstream) it becomes {@code meeting.held}; a bare notification cannot be mapped and
 * is kept as a dead letter saying so. Fetching records from Graph is not built: it needs an Azure tenant.
 */
public final class GraphAdapter implements WebhookAdapter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Pattern VALIDATION_TOKEN = Pattern.compile("[\\x21-\\x7E ]{1,1024}");

    private final String clientState;

    public GraphAdapter(String clientState) {
        this.clientState = clientState;
    }

    @Override
    public String name() {
        return "msgraph";
    }

    @Override
    public WebhookResult handle(WebhookRequest request) {
        String token = request.query().get("validationToken");
        if (token != null) {
            // Graph's subscription handshake is unsigned by design: Microsoft sends a token and wants it back as
            // text/plain. Echoing proves nothing and signs nothing (no secret goes into the answer), so it cannot
            // be turned into a forgery; it is still bounded, so the endpoint cannot reflect arbitrary content.
            if (!VALIDATION_TOKEN.matcher(token).matches()) {
                return WebhookResult.refused(400, "validationToken must be 1 to 1024 printable ASCII characters");
            }
            return WebhookResult.reply(200, "text/plain", token);
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (IOException e) {
            return WebhookResult.refused(400, "the body is not JSON");
        }
        List<VendorEvent> events = new ArrayList<>();
        List<String> unmappable = new ArrayList<>();
        int ours = 0;
        for (JsonNode n : body.path("value")) {
            if (!Signatures.equal(clientState, n.path("clientState").asText(null))) {
                continue;
            }
            ours++;
            String resource = n.path("resource").asText("");
            if (!resource.contains("callRecords")) {
                continue;
            }
            JsonNode record = n.path("resourceData");
            if (!record.hasNonNull("startDateTime") || !record.hasNonNull("endDateTime")) {
                unmappable.add("call record " + resource + ": the notification carries no times or participants; "
                        + "fetching the record from Graph is not built, so it cannot become meeting.held");
                continue;
            }
            List<Identity> people = new ArrayList<>();
            addUser(record.path("organizer").path("user"), people);
            for (JsonNode participant : record.path("participants")) {
                addUser(participant.path("user"), people);
            }
            boolean video = false;
            for (JsonNode modality : record.path("modalities")) {
                video |= modality.asText().equals("video") || modality.asText().equals("screenSharing");
            }
            ObjectNode data = JSON.createObjectNode().put("meeting_id", "teams-" + record.path("id").asText())
                    .put("channel", video ? "video" : "phone")
                    .put("started_at", record.get("startDateTime").asText())
                    .put("ended_at", record.get("endDateTime").asText());
            events.add(new VendorEvent(source(), "teams-call-" + record.path("id").asText(), EventTypes.MEETING_HELD,
                    record.get("endDateTime").asText(), data, Map.of(), Map.of("attendee_ids", people), people));
        }
        if (ours == 0 && body.path("value").size() > 0) {
            return WebhookResult.refused(401, "no notification carries this subscription's clientState");
        }
        // Graph wants 202 Accepted, quickly
        return new WebhookResult(202, "application/json", "{\"status\":\"accepted\"}", events, unmappable);
    }

    private static void addUser(JsonNode user, List<Identity> people) {
        if (user.hasNonNull("id")) {
            people.add(new Identity("msgraph", user.get("id").asText()));
        }
    }
}
