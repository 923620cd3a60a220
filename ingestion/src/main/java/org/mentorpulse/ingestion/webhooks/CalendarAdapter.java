package org.mentorpulse.ingestion.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mentorpulse.ingestion.webhooks.VendorEvent.Identity;
import org.mentorpulse.schema.EventTypes;

/**
 * A calendar feed: Google Calendar's Events resource (developers.google.com, "Events"), as one event or an
 * {@code events#list} page, posted by a connector that reads the pair's calendars. Google's push channel only
 * says "something changed", so a connector is how the events arrive; it authenticates with the API key of an
 * ingestion source like any other sender. A confirmed event with a start time becomes {@code
 * meeting.scheduled}; a cancelled one {@code meeting.cancelled}. Titles, descriptions and locations are not read.
 */
public final class CalendarAdapter implements WebhookAdapter {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "calendar";
    }

    @Override
    public WebhookResult handle(WebhookRequest request) {
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (IOException e) {
            return WebhookResult.refused(400, "the body is not JSON");
        }
        List<JsonNode> items = new ArrayList<>();
        if (body.has("items")) {
            body.get("items").forEach(items::add);
        } else {
            items.add(body);
        }
        List<VendorEvent> events = new ArrayList<>();
        List<String> unmappable = new ArrayList<>();
        for (JsonNode item : items) {
            String id = item.path("id").asText("");
            if (id.isBlank()) {
                unmappable.add("a calendar event without an id");
                continue;
            }
            List<Identity> people = new ArrayList<>();
            Identity organizer = item.path("organizer").hasNonNull("email")
                    ? Identity.email(item.path("organizer").get("email").asText()) : null;
            if (organizer != null) {
                people.add(organizer);
            }
            for (JsonNode attendee : item.path("attendees")) {
                if (attendee.hasNonNull("email") && !attendee.path("resource").asBoolean(false)) {
                    Identity who = Identity.email(attendee.get("email").asText());
                    if (!people.contains(who)) {
                        people.add(who);
                    }
                }
            }
            if (organizer == null) {
                unmappable.add("calendar event " + id + " has no organizer e-mail");
                continue;
            }
            String updated = item.path("updated").asText("");
            String meetingId = "gcal-" + id;
            if (item.path("status").asText().equals("cancelled")) {
                ObjectNode data = JSON.createObjectNode().put("meeting_id", meetingId);
                events.add(new VendorEvent(source(), "gcal-" + id + "-cancelled", EventTypes.MEETING_CANCELLED,
                        updated.isBlank() ? item.path("start").path("dateTime").asText() : updated, data,
                        Map.of("cancelled_by", organizer), Map.of(), people));
                continue;
            }
            String start = item.path("start").path("dateTime").asText("");
            String end = item.path("end").path("dateTime").asText("");
            if (start.isBlank()) {
                unmappable.add("calendar event " + id + " has no start time (all-day events are not meetings)");
                continue;
            }
            ObjectNode data = JSON.createObjectNode().put("meeting_id", meetingId)
                    .put("channel", item.hasNonNull("hangoutLink") || item.has("conferenceData") ? "video"
                            : item.hasNonNull("location") ? "in_person" : "video")
                    .put("scheduled_start", start);
            try {
                long minutes = Duration.between(OffsetDateTime.parse(start), OffsetDateTime.parse(end)).toMinutes();
                if (minutes > 0) {
                    data.put("scheduled_minutes", minutes);
                }
            } catch (DateTimeParseException e) {
                // no usable end: the duration stays unknown
            }
            // a moved meeting is a new version of the event, so it is scheduled again under a new id
            events.add(new VendorEvent(source(), "gcal-" + id + "-" + updated, EventTypes.MEETING_SCHEDULED,
                    updated.isBlank() ? start : updated, data, Map.of("organizer_id", organizer), Map.of(), people));
        }
        return WebhookResult.ok(events).withUnmappable(unmappable);
    }
}
