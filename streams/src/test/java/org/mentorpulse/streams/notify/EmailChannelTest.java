package org.mentorpulse.streams.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mentorpulse.schema.Contact;
import org.mentorpulse.schema.Delivery;
import org.mentorpulse.schema.Notification;

/**
 * The SMTP connection a sending thread keeps: used as it is while it is busy, asked first (NOOP) once it has
 * rested, and replaced when the server has gone; every message arrives once. Against a real SMTP server (GreenMail)
 * stopped and started again on the same port; the connection's rest is measured on the test's clock.
 */
class EmailChannelTest {
    private static final Instant START = Instant.parse("2026-05-04T10:00:00Z");

    private final AtomicLong nanos = new AtomicLong();
    private GreenMail mail;

    @AfterEach
    void stopServer() {
        if (mail != null) {
            mail.stop();
        }
    }

    private void startServer(int port) {
        mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        mail.start();
    }

    @Test
    void aBusyConnectionIsUsedAsItIsARestedOneIsCheckedAndAGoneOneIsReplaced() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        startServer(port);
        EmailChannel email = new EmailChannel(new EmailChannel.Smtp("127.0.0.1", port, "mentorpulse@example.org", "",
                "", false, 5000), nanos::get);
        Deliverer deliverer = new Deliverer(Map.of("email", email), new MessageRenderer("https://triage.example.org"),
                new Deliverer.Retries(3, Duration.ofMillis(1), Duration.ofMillis(4)), Clock.fixed(START, ZoneOffset.UTC));
        Recipient ben = Recipient.of(new Contact("p-ben", "prog", "mentee", "UTC", "en", "ben@example.org"));

        Delivery first = send(deliverer, ben, "n-1");
        assertThat(mail.getReceivedMessages()).hasSize(1);

        // the server goes and comes back while the connection is busy: the first attempt finds it closed, and the
        // retry sends on a new connection
        mail.stop();
        startServer(port);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
        Delivery afterRestart = send(deliverer, ben, "n-2");

        // the same after a rest: the connection is asked first, found gone and replaced before the message goes
        mail.stop();
        startServer(port);
        nanos.addAndGet(EmailChannel.IDLE_CHECK_NANOS + 1);
        Delivery afterRest = send(deliverer, ben, "n-3");

        assertThat(List.of(first, afterRestart, afterRest)).extracting(Delivery::notificationId, Delivery::status,
                Delivery::attempts).containsExactly(tuple("n-1", "sent", 1), tuple("n-2", "sent", 2),
                tuple("n-3", "sent", 1));
        // each server saw its own messages once: the last one only n-3
        assertThat(mail.getReceivedMessages()).extracting(m -> m.getMessageID())
                .containsExactly("<n-3@mentorpulse.invalid>");
        email.close();
    }

    private static Delivery send(Deliverer deliverer, Recipient recipient, String id) {
        Notification n = new Notification(id, Notification.NUDGE, recipient.id(), "mentee", "prog", START.toString(),
                List.of(new Notification.AlertSummary("m-1/stalled/2026-05-04", "m-1", "cohort-a", "stalled",
                        START.toString(), "no two-way contact for 12 days", 12)));
        List<Delivery> out = deliverer.deliver(n, recipient, List.of(), d -> { });
        assertThat(out).hasSize(1);
        return out.get(0);
    }
}
