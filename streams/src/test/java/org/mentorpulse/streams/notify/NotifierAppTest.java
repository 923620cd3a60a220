package org.mentorpulse.streams.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mentorpulse.schema.AlertTransition;
import org.mentorpulse.schema.Contact;
import org.mentorpulse.schema.Delivery;
import org.mentorpulse.schema.Notification;
import org.mentorpulse.schema.Topics;
import org.mentorpulse.streams.alerts.AlertRules;
import org.mentorpulse.streams.alerts.Manager;
import org.mentorpulse.streams.alerts.ManagerDirectory;
import org.mentorpulse.testkit.webhooks.SignedWebhookReceiver;

/**
 * The notifier against a real SMTP server (GreenMail, in process) and a real HTTP receiver that checks the
 * webhook signature; the Streams side on TopologyTestDriver, its wall clock driven by the test.
 */
class NotifierAppTest {
    private static final Instant START = Instant.parse("2026-05-04T10:00:00Z"); // Monday, 12:00 in Madrid
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication())
            .withPerMethodLifecycle(true);

    /** the ledgers of sent messages: kept across the test's drivers, as a host keeps its disk across a crash */
    @TempDir
    Path ledgers;

    private SignedWebhookReceiver receiver;
    private TopologyTestDriver driver;
    private TestInputTopic<String, Notification> notifications;
    private TestInputTopic<String, Contact> directory;
    private TestOutputTopic<String, Delivery> deliveries;
    private TestOutputTopic<String, AlertTransition> alerts;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = new SignedWebhookReceiver(SECRET);
    }

    private void start(Manager... managers) {
        AlertRules rules = AlertRules.DEFAULT.withManagers(new ManagerDirectory(List.of(managers)));
        EmailChannel.Smtp smtp = new EmailChannel.Smtp("127.0.0.1", MAIL.getSmtp().getPort(),
                "mentorpulse@example.org", "", "", false, 5000);
        Deliverer deliverer = Deliverer.standard(smtp, new MessageRenderer("https://triage.example.org"),
                new Deliverer.Retries(3, Duration.ofMillis(1),
                Duration.ofMillis(4)), Duration.ofSeconds(5), Clock.fixed(START, ZoneOffset.UTC));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "notifier-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(NotifierApp.buildTopology(rules, deliverer, Duration.ofSeconds(1),
                ledgers), props, START);
        notifications = driver.createInputTopic(Topics.NOTIFICATIONS, Topics.NOTIFICATION_LOG.keys().serializer(),
                Topics.NOTIFICATION_LOG.values().serializer());
        directory = driver.createInputTopic(Topics.DIRECTORY, Topics.DIRECTORY_LOG.keys().serializer(),
                Topics.DIRECTORY_LOG.values().serializer());
        deliveries = driver.createOutputTopic(Topics.DELIVERIES, Topics.DELIVERY_LOG.keys().deserializer(),
                Topics.DELIVERY_LOG.values().deserializer());
        alerts = driver.createOutputTopic(Topics.ALERTS, Topics.ALERT_LOG.keys().deserializer(),
                Topics.ALERT_LOG.values().deserializer());
    }

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
        receiver.close();
    }

    private static Notification notification(String id, String purpose, String recipient, String role) {
        return new Notification(id, purpose, recipient, role, "prog", START.toString(),
                List.of(new Notification.AlertSummary("m-1/stalled/2026-05-04", "m-1", "cohort-a", "stalled",
                        START.toString(), "no two-way contact for 12 days", 12)));
    }

    private static Manager manager(String id, boolean digest, String webhookUrl) {
        return new Manager(id, List.of("prog"), "Europe/Madrid", "en", digest, id + "@example.org", null, null,
                webhookUrl == null ? null : new Manager.SignedWebhook(webhookUrl, SECRET), null);
    }

    @Test
    void aNudgeReachesTheParticipantByMailInTheirLanguageWithTimesInTheirZone() throws Exception {
        start();
        directory.pipeInput("p-ben", new Contact("p-ben", "prog", "mentee", "America/Chicago", "es", "ben@example.org"));
        notifications.pipeInput("p-ben", notification("n-1", Notification.NUDGE, "p-ben", "mentee"));

        MimeMessage[] mail = MAIL.getReceivedMessages();
        assertThat(mail).hasSize(1);
        assertThat(mail[0].getAllRecipients()[0].toString()).isEqualTo("ben@example.org");
        assertThat(mail[0].getSubject()).isEqualTo("Es buen momento para retomar el contacto con tu mentor/a");
        assertThat(mail[0].getHeader("Content-Language")).containsExactly("es");
        assertThat(mail[0].getMessageID()).isEqualTo("<n-1@mentorpulse.invalid>");
        String body = GreenMailUtil.getBody(mail[0]);
        // 10:00 UTC is 05:00 in Chicago; the text part and the HTML part both say so
        assertThat(body).contains("han pasado 12 d=C3=ADas", "5:00 (America/Chicago)", "text/html");
        assertThat(deliveries.readValuesToList()).extracting(Delivery::channel, Delivery::status, Delivery::attempts)
                .containsExactly(tuple("email", "sent", 1));
    }

    @Test
    void anEscalationGoesToEveryChannelOfTheManagerAndTheWebhookIsSignedTheStandardWay() throws Exception {
        start(manager("pm-pat", false, receiver.url()));
        notifications.pipeInput("pm-pat", notification("n-2", Notification.ESCALATION, "pm-pat", "manager"));

        MimeMessage[] mail = MAIL.getReceivedMessages();
        assertThat(mail).hasSize(1);
        assertThat(mail[0].getSubject()).isEqualTo("Match m-1 is stalled and nobody has acted yet");
        assertThat(GreenMailUtil.getBody(mail[0])).contains("since May 4, 2026, 12:00", "(Europe/Madrid)",
                "Why: no two-way contact for 12 days.", "Open it in the triage console: https://triage.example.org/matches/m-1");
        assertThat(receiver.received()).hasSize(1);
        SignedWebhookReceiver.Received hook = receiver.received().get(0);
        assertThat(hook.signatureValid()).isTrue();
        assertThat(hook.id()).isEqualTo("n-2");
        assertThat(hook.timestamp()).isEqualTo(Long.toString(START.getEpochSecond()));
        assertThat(hook.body()).startsWith("{\"type\":\"mentorpulse.escalation\",\"notification\":{\"id\":\"n-2\"");
        assertThat(deliveries.readValuesToList()).extracting(Delivery::channel, Delivery::status)
                .containsExactly(tuple("email", "sent"), tuple("webhook", "sent"));
    }

    @Test
    void slackAndTeamsGetTheirIncomingWebhookFormats() throws Exception {
        try (SignedWebhookReceiver slack = new SignedWebhookReceiver(null);
                SignedWebhookReceiver teams = new SignedWebhookReceiver(null)) {
            start(new Manager("pm-chat", List.of("prog"), "Europe/Madrid", "es", false, null, slack.url(), teams.url(),
                    null, null));
            notifications.pipeInput("pm-chat", notification("n-10", Notification.ESCALATION, "pm-chat", "manager"));

            var slackBody = new com.fasterxml.jackson.databind.ObjectMapper().readTree(slack.received().get(0).body());
            assertThat(slackBody.get("text").asText()).startsWith(
                    "*La relación m-1 está estancada y nadie ha actuado todavía*\nLa relación m-1 (cohorte cohort-a)");
            var teamsBody = new com.fasterxml.jackson.databind.ObjectMapper().readTree(teams.received().get(0).body());
            assertThat(teamsBody.get("type").asText()).isEqualTo("message");
            var card = teamsBody.at("/attachments/0");
            assertThat(card.get("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
            assertThat(card.at("/content/type").asText()).isEqualTo("AdaptiveCard");
            assertThat(card.at("/content/body/0/text").asText())
                    .isEqualTo("La relación m-1 está estancada y nadie ha actuado todavía");
            assertThat(card.at("/content/body/1/text").asText()).contains("Motivo: no two-way contact for 12 days.");
            assertThat(deliveries.readValuesToList()).extracting(Delivery::channel, Delivery::status)
                    .containsExactly(tuple("slack", "sent"), tuple("teams", "sent"));
            assertThat(MAIL.getReceivedMessages()).isEmpty();
        }
    }

    @Test
    void theSignatureReproducesTheStandardWebhooksPublishedExample() {
        assertThat(WebhookChannels.sign(SECRET, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                "{\"test\": 2432232314}")).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void aPassingFailureIsRetriedWithTheSameIdAndAFailureThatLastsIsAFailedDeliveryTheManagerSees() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        start(manager("pm-pat", false, receiver.url()), manager("pm-gone", false, "http://127.0.0.1:" + closedPort + "/x"));
        receiver.failNext(2);
        notifications.pipeInput("pm-pat", notification("n-3", Notification.ESCALATION, "pm-pat", "manager"));
        notifications.pipeInput("pm-gone", notification("n-4", Notification.ESCALATION, "pm-gone", "manager"));

        assertThat(deliveries.readValuesToList()).extracting(Delivery::recipientId, Delivery::channel, Delivery::status,
                Delivery::attempts).containsExactly(tuple("pm-pat", "email", "sent", 1),
                tuple("pm-pat", "webhook", "sent", 3), tuple("pm-gone", "email", "sent", 1),
                tuple("pm-gone", "webhook", "gave_up", 3));
        List<AlertTransition> failed = alerts.readValuesToList();
        assertThat(failed).extracting(AlertTransition::transition, AlertTransition::recipient, AlertTransition::channel,
                AlertTransition::matchId).containsExactly(tuple("delivery_failed", "pm-gone", "webhook", "m-1"));
        assertThat(failed.get(0).cause()).startsWith("escalation to manager pm-gone gave_up: webhook webhook:");
    }

    @Test
    void aNotificationReadAgainIsNotSentAgainOnAChannelThatSucceeded() {
        start(manager("pm-pat", false, null));
        notifications.pipeInput("pm-pat", notification("n-5", Notification.ESCALATION, "pm-pat", "manager"));
        notifications.pipeInput("pm-pat", notification("n-5", Notification.ESCALATION, "pm-pat", "manager"));
        assertThat(MAIL.getReceivedMessages()).hasSize(1);
        assertThat(deliveries.readValuesToList()).hasSize(1);
    }

    @Test
    void anUnknownOrErasedParticipantIsAFailedDeliveryNotASilentOne() {
        start();
        notifications.pipeInput("p-gone", notification("n-6", Notification.NUDGE, "p-gone", "mentor"));
        assertThat(deliveries.readValuesToList()).extracting(Delivery::status, Delivery::reason).containsExactly(
                tuple("failed", "recipient p-gone is unknown (not registered, erased, or not in the managers file)"));
        assertThat(alerts.readValuesToList()).extracting(AlertTransition::transition).containsExactly("delivery_failed");
        assertThat(MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void aManagerInDigestModeGetsOneMessageADayInWorkingHoursListingTheirEscalations() throws Exception {
        start(manager("pm-dana", true, null));
        notifications.pipeInput("pm-dana", notification("n-7", Notification.ESCALATION, "pm-dana", "manager"));
        Notification second = new Notification("n-8", Notification.ESCALATION, "pm-dana", "manager", "prog",
                START.toString(), List.of(new Notification.AlertSummary("m-2/at_risk/2026-05-04", "m-2", "cohort-b",
                "at_risk", START.toString(), "fewer meetings than agreed", 3)));
        notifications.pipeInput("pm-dana", second);
        assertThat(MAIL.getReceivedMessages()).isEmpty();

        driver.advanceWallClockTime(Duration.ofSeconds(1)); // Monday 12:00 in Madrid: working hours
        MimeMessage[] mail = MAIL.getReceivedMessages();
        assertThat(mail).hasSize(1);
        assertThat(mail[0].getSubject()).isEqualTo("MentorPulse: 2 alerts need your attention");
        assertThat(GreenMailUtil.getBody(mail[0])).contains("Match m-1 (cohort cohort-a), stalled since",
                "Match m-2 (cohort cohort-b), at risk since",
                "All your open alerts in the triage console: https://triage.example.org/");

        notifications.pipeInput("pm-dana", notification("n-9", Notification.ESCALATION, "pm-dana", "manager"));
        driver.advanceWallClockTime(Duration.ofHours(8)); // 20:00 in Madrid: quiet, and today's digest went
        assertThat(MAIL.getReceivedMessages()).hasSize(1);
        driver.advanceWallClockTime(Duration.ofHours(12)); // Tuesday 08:00 in Madrid
        assertThat(MAIL.getReceivedMessages()).hasSize(2);
        assertThat(MAIL.getReceivedMessages()[1].getSubject()).isEqualTo("MentorPulse: 1 alerts need your attention");
        assertThat(deliveries.readValuesToList()).extracting(Delivery::notificationId)
                .containsExactly("digest/pm-dana/2026-05-04", "digest/pm-dana/2026-05-05");
    }

    @Test
    void anErasureNoticeMakesTheNotifierForgetWhatItSentTheParticipantAndSendsNothing() throws Exception {
        start();
        directory.pipeInput("p-ben", new Contact("p-ben", "prog", "mentee", "America/Chicago", "es", "ben@example.org"));
        directory.pipeInput("p-benjamin", new Contact("p-benjamin", "prog", "mentor", "UTC", "en", "bj@example.org"));
        notifications.pipeInput("p-ben", notification("m-1/stalled/2026-05-04/nudge/p-ben/" + START, Notification.NUDGE,
                "p-ben", "mentee"));
        notifications.pipeInput("p-benjamin", notification("m-1/stalled/2026-05-04/nudge/p-benjamin/" + START,
                Notification.NUDGE, "p-benjamin", "mentor"));
        KeyValueStore<String, String> sent = driver.getKeyValueStore(NotifierApp.SENT);
        assertThat(keys(sent)).hasSize(2);
        deliveries.readValuesToList();

        notifications.pipeInput("p-ben", new Notification("erase/p-ben", Notification.ERASE, "p-ben", null, "prog",
                START.toString(), List.of()));

        // only the other participant's record is left (whose id merely starts the same); nothing was sent
        assertThat(keys(sent)).containsExactly("m-1/stalled/2026-05-04/nudge/p-benjamin/" + START + "|email");
        assertThat(MAIL.getReceivedMessages()).hasSize(2);
        assertThat(deliveries.isEmpty()).isTrue();
        // the ledger of sent messages forgets them too
        String ledger = ledgerText();
        assertThat(ledger).contains("/nudge/p-benjamin/").doesNotContain("/nudge/p-ben/");
    }

    @Test
    void aMessageSentByARunKilledBeforeItsCommitIsNotSentAgainAndItsOutcomeIsRecordedOnce() throws Exception {
        start();
        directory.pipeInput("p-ben", new Contact("p-ben", "prog", "mentee", "America/Chicago", "es", "ben@example.org"));
        notifications.pipeInput("p-ben", notification("n-1", Notification.NUDGE, "p-ben", "mentee"));
        assertThat(MAIL.getReceivedMessages()).hasSize(1);
        assertThat(deliveries.readValuesToList()).extracting(Delivery::status).containsExactly("sent");

        // killed before the commit: the next run starts from stores without this sending (a new driver has empty
        // ones) and reads the notification again; the ledger on this host's disk says it went
        driver.close();
        start();
        directory.pipeInput("p-ben", new Contact("p-ben", "prog", "mentee", "America/Chicago", "es", "ben@example.org"));
        notifications.pipeInput("p-ben", notification("n-1", Notification.NUDGE, "p-ben", "mentee"));

        assertThat(MAIL.getReceivedMessages()).as("mails sent over both runs").hasSize(1);
        assertThat(deliveries.readValuesToList()).extracting(Delivery::notificationId, Delivery::channel,
                Delivery::status, Delivery::attempts).containsExactly(tuple("n-1", "email", "sent", 1));
        assertThat(keys(driver.getKeyValueStore(NotifierApp.SENT))).containsExactly("n-1|email");

        // once committed it needs no ledger: when it has settled, the entry is dropped, and the store alone keeps the
        // notification from going again
        driver.advanceWallClockTime(SentLedger.SETTLED.plusSeconds(1));
        assertThat(ledgerText()).isEmpty();
        notifications.pipeInput("p-ben", notification("n-1", Notification.NUDGE, "p-ben", "mentee"));
        assertThat(MAIL.getReceivedMessages()).hasSize(1);
        assertThat(deliveries.isEmpty()).isTrue();
    }

    @Test
    void withoutTheLedgerTheSameKillSendsTheMessageAgainUnderTheSameMessageId() throws Exception {
        start();
        directory.pipeInput("p-ben", new Contact("p-ben", "prog", "mentee", "America/Chicago", "es", "ben@example.org"));
        notifications.pipeInput("p-ben", notification("n-1", Notification.NUDGE, "p-ben", "mentee"));
        driver.close();
        // a task that moves to another host after a crash has no ledger: at least once, recognisably the same mail
        for (Path f : Files.list(ledgers).toList()) {
            Files.delete(f);
        }
        start();
        directory.pipeInput("p-ben", new Contact("p-ben", "prog", "mentee", "America/Chicago", "es", "ben@example.org"));
        notifications.pipeInput("p-ben", notification("n-1", Notification.NUDGE, "p-ben", "mentee"));

        assertThat(MAIL.getReceivedMessages()).extracting(MimeMessage::getMessageID)
                .containsExactly("<n-1@mentorpulse.invalid>", "<n-1@mentorpulse.invalid>");
    }

    private String ledgerText() throws java.io.IOException {
        StringBuilder all = new StringBuilder();
        try (var files = Files.list(ledgers)) {
            for (Path f : files.toList()) {
                all.append(Files.readString(f));
            }
        }
        return all.toString();
    }

    private static List<String> keys(KeyValueStore<String, String> store) {
        List<String> keys = new java.util.ArrayList<>();
        try (var it = store.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }
}
