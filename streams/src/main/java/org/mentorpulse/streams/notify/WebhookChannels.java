package org.mentorpulse.streams.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The channels that are an HTTP POST: Slack and Microsoft Teams incoming webhooks, and a generic webhook signed the
 * Standard Webhooks way. They share the answer's meaning: 2xx delivered; 408, 429 and 5xx worth another try; any
 * other status a refusal that another try would not change.
 */
public final class WebhookChannels {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;

    public WebhookChannels(Duration timeout, Clock clock) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Slack: {@code {"text": ...}} to the incoming webhook (mrkdwn is left plain, the text carries no markup). */
    public Channel slack() {
        return (recipient, message, key, payload) -> {
            ObjectNode body = JSON.createObjectNode().put("text", "*" + message.subject() + "*\n" + message.text());
            post(recipient.slackWebhook(), "slack", body.toString(), HttpRequest.newBuilder());
        };
    }

    /** Teams (Workflows incoming webhook): a message with one Adaptive Card holding the subject and the text. */
    public Channel teams() {
        return (recipient, message, key, payload) -> {
            ObjectNode card = JSON.createObjectNode().put("type", "AdaptiveCard").put("version", "1.4")
                    .put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
            ArrayNode blocks = card.putArray("body");
            blocks.addObject().put("type", "TextBlock").put("text", message.subject()).put("weight", "Bolder")
                    .put("wrap", true);
            blocks.addObject().put("type", "TextBlock").put("text", message.text()).put("wrap", true);
            ObjectNode body = JSON.createObjectNode().put("type", "message");
            body.putArray("attachments").addObject()
                    .put("contentType", "application/vnd.microsoft.card.adaptive").set("content", card);
            post(recipient.teamsWebhook(), "teams", body.toString(), HttpRequest.newBuilder());
        };
    }

    /**
     * A generic webhook: the notification as JSON, signed per Standard Webhooks ({@code webhook-id},
     * {@code webhook-timestamp} in seconds, {@code webhook-signature: v1,<base64 HMAC-SHA256 of
     * "id.timestamp.body">} with the secret's base64 part as the key). The id is the notification's, so the
     * receiver can drop a repeat; the timestamp lets it refuse an old replay.
     */
    public Channel signed() {
        return (recipient, message, key, payload) -> {
            if (recipient.webhook() == null) {
                throw new DeliveryFailure("no webhook for " + recipient.id(), true, null);
            }
            long timestamp = clock.instant().getEpochSecond();
            String signature = sign(recipient.webhook().secret(), key, timestamp, payload);
            post(recipient.webhook().url(), "webhook", payload, HttpRequest.newBuilder()
                    .header("webhook-id", key)
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", signature));
        };
    }

    /** {@code v1,<base64 signature>} of {@code id.timestamp.body}. */
    public static String sign(String secret, String id, long timestamp, String body) {
        String encoded = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(encoded), "HmacSHA256"));
            byte[] digest = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is in every Java runtime", e);
        }
    }

    private void post(String url, String channel, String body, HttpRequest.Builder request) throws DeliveryFailure {
        if (url == null) {
            throw new DeliveryFailure("no " + channel + " webhook configured", true, null);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.uri(URI.create(url)).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DeliveryFailure(channel + " webhook: " + e, false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailure(channel + " webhook: interrupted", false, e);
        } catch (IllegalArgumentException e) {
            throw new DeliveryFailure(channel + " webhook: not a URL: " + e.getMessage(), true, e);
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            boolean retryable = status == 408 || status == 429 || status >= 500;
            String answer = response.body() == null ? "" : response.body();
            throw new DeliveryFailure(channel + " webhook answered " + status + ": "
                    + answer.substring(0, Math.min(200, answer.length())), !retryable, null);
        }
    }
}
