package org.mentorpulse.streams.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.mentorpulse.schema.Delivery;
import org.mentorpulse.schema.Notification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a notification to its recipient on each of their channels: rendered once, sent with retries
 * (exponential backoff, a limit; a permanent refusal is not retried), and every outcome returned as a
 * {@link Delivery} for the delivery log.
 */
public final class Deliverer {
    private static final Logger LOG = LoggerFactory.getLogger(Deliverer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @param maxAttempts tries per channel, the first included */
    public record Retries(int maxAttempts, Duration firstDelay, Duration maxDelay) {}

    private final Map<String, Channel> channels;
    private final MessageRenderer renderer;
    private final Retries retries;
    private final Clock clock;

    public Deliverer(Map<String, Channel> channels, MessageRenderer renderer, Retries retries, Clock clock) {
        this.channels = Map.copyOf(channels);
        this.renderer = renderer;
        this.retries = retries;
        this.clock = clock;
    }

    /** The usual channels: e-mail over SMTP, Slack, Teams and the signed webhook. */
    public static Deliverer standard(EmailChannel.Smtp smtp, MessageRenderer renderer, Retries retries,
            Duration httpTimeout, Clock clock) {
        WebhookChannels http = new WebhookChannels(httpTimeout, clock);
        return new Deliverer(Map.of("email", new EmailChannel(smtp), "slack", http.slack(), "teams", http.teams(),
                "webhook", http.signed()), renderer, retries, clock);
    }

    /**
     * Sends on every channel of the recipient except those in {@code alreadySent}; one delivery per channel tried,
     * and {@code onSent} told of each success the moment the channel accepts it (before the next channel is tried).
     * A recipient with no channel at all gets one failed delivery saying so.
     */
    public List<Delivery> deliver(Notification notification, Recipient recipient, List<String> alreadySent,
            Consumer<Delivery> onSent) {
        List<Delivery> out = new ArrayList<>();
        if (recipient.channels().isEmpty()) {
            out.add(delivery(notification, "none", Delivery.FAILED, 0,
                    "no way to reach " + recipient.id() + ": no e-mail address or webhook"));
            return out;
        }
        RenderedMessage message = renderer.render(notification, recipient);
        String payload = payload(notification);
        for (String name : recipient.channels()) {
            if (!alreadySent.contains(name)) {
                Delivery d = send(notification, recipient, message, payload, name);
                if (Delivery.SENT.equals(d.status())) {
                    onSent.accept(d);
                }
                out.add(d);
            }
        }
        return out;
    }

    private Delivery send(Notification notification, Recipient recipient, RenderedMessage message, String payload,
            String name) {
        Channel channel = channels.get(name);
        AtomicInteger attempts = new AtomicInteger();
        RetryPolicy<Object> policy = RetryPolicy.builder()
                .handleIf(e -> e instanceof DeliveryFailure f && !f.permanent())
                .withBackoff(retries.firstDelay(), retries.maxDelay(), 2.0)
                .withMaxAttempts(retries.maxAttempts())
                .build();
        try {
            Failsafe.with(policy).run(() -> {
                attempts.incrementAndGet();
                channel.send(recipient, message, notification.id(), payload);
            });
            return delivery(notification, name, Delivery.SENT, attempts.get(), "");
        } catch (FailsafeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            boolean permanent = cause instanceof DeliveryFailure f && f.permanent();
            LOG.warn("notification {} to {} by {}: {} after {} attempt(s): {}", notification.id(), recipient.id(), name,
                    permanent ? "refused" : "gave up", attempts.get(), cause.getMessage());
            return delivery(notification, name, permanent ? Delivery.FAILED : Delivery.GAVE_UP, attempts.get(),
                    String.valueOf(cause.getMessage()));
        }
    }

    private Delivery delivery(Notification n, String channel, String status, int attempts, String reason) {
        return new Delivery(n.id(), n.purpose(), n.recipientId(), n.programId(), channel, status, attempts, reason,
                clock.instant().toString(), n.alerts().stream().map(Notification.AlertSummary::alertId).toList());
    }

    /** What a generic webhook receives: the notification itself, as JSON, with a type. */
    static String payload(Notification notification) {
        try {
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("type", "mentorpulse." + notification.purpose());
            body.put("notification", notification);
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a notification is always JSON", e);
        }
    }
}
