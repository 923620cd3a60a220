package org.mentorpulse.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;

/**
 * What {@code ./mentorpulse status} says of the pipeline: it asks the management port's {@code /readyz} of a
 * running {@code ./mentorpulse run} (or demo) and lists every stage, so a stage that stopped is seen there too.
 */
public final class PipelineStatus {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @param ready whether a pipeline answered and all its stages work; false also when none answered */
    public record Report(boolean answered, boolean ready, String text) {}

    private PipelineStatus() {}

    public static Report ask(String host, int port) {
        String url = "http://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : host) + ":" + port + "/readyz";
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return describe(url, response.body());
        } catch (IOException e) {
            return new Report(false, false, String.format("  %-16s not running (nothing answers on %s)%n", "pipeline",
                    url));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Report(false, false, "  pipeline         (interrupted)\n");
        }
    }

    /** The lines for a {@code /readyz} answer of the management port. */
    static Report describe(String url, String body) throws IOException {
        JsonNode answer = JSON.readTree(body);
        boolean ready = "ready".equals(answer.path("status").asText());
        StringBuilder text = new StringBuilder(String.format("  %-16s %s  (%s)%n", "pipeline",
                ready ? "ready" : "NOT READY", url));
        for (Iterator<Map.Entry<String, JsonNode>> it = answer.path("stages").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> stage = it.next();
            text.append(String.format("  %-16s   %-18s %s  %s%n", "", stage.getKey(),
                    stage.getValue().path("working").asBoolean() ? "working" : "STOPPED",
                    stage.getValue().path("detail").asText()));
        }
        return new Report(true, ready, text.toString());
    }
}
