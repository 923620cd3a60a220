package org.mentorpulse.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * A manager's action becomes an event on the log: posted to the ingestion API with the console's operator key,
 * like any other source's events, so the alerting app changes the alert and the log keeps who did what.
 */
public final class ActionPoster {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String eventsUrl;
    private final String key;
    private final Clock clock;

    public ActionPoster(String ingestionUrl, String key, Clock clock) {
        this.eventsUrl = ingestionUrl.replaceAll("/+$", "") + "/v1/events";
        this.key = key;
        this.clock = clock;
    }

    /** Posts one action; the ingestion API's refusal comes back as the exception's message. */
    public void post(String type, String matchId, ObjectNode data) throws IOException {
        ObjectNode event = JSON.createObjectNode().put("specversion", "1.0").put("id", UUID.randomUUID().toString())
                .put("source", "/console").put("type", type).put("time", clock.instant().toString())
                .put("subject", matchId);
        event.set("data", data.put("match_id", matchId));
        HttpResponse<String> answer;
        try {
            answer = http.send(HttpRequest.newBuilder(URI.create(eventsUrl)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/cloudevents+json").header("Authorization", "Bearer " + key)
                    .POST(HttpRequest.BodyPublishers.ofString(event.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (answer.statusCode() != 200) {
            throw new IOException("the ingestion API answered " + answer.statusCode() + ": " + answer.body());
        }
    }
}
