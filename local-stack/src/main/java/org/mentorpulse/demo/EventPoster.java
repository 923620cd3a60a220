package org.mentorpulse.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.IntConsumer;
import org.mentorpulse.stack.StackException;

/** Sends CloudEvents to the ingestion API in batch mode, as an integrating system would. */
public final class EventPoster {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;
    private final String apiKey;

    public EventPoster(String baseUrl, String apiKey) {
        this.endpoint = URI.create(baseUrl + "/v1/events");
        this.apiKey = apiKey;
    }

    public record Totals(long accepted, long duplicates, long rejected) {}

    /** Posts in batches, honouring 503 + Retry-After a bounded number of times; returns the counts. */
    public Totals post(List<ObjectNode> events, int batchSize, IntConsumer progress) {
        long accepted = 0;
        long duplicates = 0;
        long rejected = 0;
        for (int from = 0; from < events.size(); from += batchSize) {
            ArrayNode batch = JSON.createArrayNode();
            events.subList(from, Math.min(events.size(), from + batchSize)).forEach(batch::add);
            JsonNode answer = postWithRetry(batch);
            accepted += answer.path("accepted").asLong();
            duplicates += answer.path("duplicates").asLong();
            rejected += answer.path("rejected").asLong();
            progress.accept(Math.min(events.size(), from + batchSize));
        }
        return new Totals(accepted, duplicates, rejected);
    }

    private JsonNode postWithRetry(ArrayNode batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint)
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/cloudevents-batch+json")
                        .header("Authorization", "Bearer " + apiKey)
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(batch))).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 503 && attempt < 5) {
                    long wait = response.headers().firstValueAsLong("Retry-After").orElse(5);
                    Thread.sleep(wait * 1000);
                    continue;
                }
                if (response.statusCode() >= 500 || response.statusCode() == 401 || response.statusCode() == 413) {
                    throw new StackException("the ingestion API answered " + response.statusCode() + ": "
                            + response.body());
                }
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new StackException("cannot reach the ingestion API at " + endpoint + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted while posting events", e);
            }
        }
    }
}
