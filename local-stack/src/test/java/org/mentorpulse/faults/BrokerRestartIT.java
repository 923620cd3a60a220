package org.mentorpulse.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mentorpulse.console.Passwords;
import org.mentorpulse.demo.AlertsReadBack;
import org.mentorpulse.demo.Demo;
import org.mentorpulse.demo.EventPoster;
import org.mentorpulse.pipeline.EmbeddedPipeline;
import org.mentorpulse.stack.ChildProcesses;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.stack.LocalStack;
import org.mentorpulse.stack.StackState;
import org.mentorpulse.stack.kafka.KafkaBroker;
import org.mentorpulse.testing.LivePipelineChecks;
import org.mentorpulse.testing.OwnStack;
import org.mentorpulse.testkit.generator.SyntheticProgram;
import org.mentorpulse.testkit.generator.SyntheticProgramGenerator;
import org.mentorpulse.testkit.webhooks.SignedWebhookReceiver;

/**
 * Fault drill: the Kafka broker stops for half a minute under the running pipeline (ingestion, the deduplicator,
 * the alerting app and the notifier, the live Flink job) halfway through a program, and starts again. Meanwhile
 * ingestion answers 503 with Retry-After; afterwards it accepts again, and every stage carries on where it was:
 * <ul>
 *   <li>every event answered 2xx reaches ClickHouse, and the day rows of the live run equal those a replay of
 *       the log computes from scratch, row for row (nothing lost, nothing counted twice);
 *   <li>every nudge and escalation the alerts table records was delivered as one message (distinct Message-IDs
 *       and webhook ids, one per record): a notifier whose transaction could not commit while the broker was away
 *       reads its ledger of sent messages, and does not send again.
 * </ul>
 */
@Tag("fault")
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class BrokerRestartIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("drill.outage", 30));
    private static final String REPLAY_DB = "mentorpulse_broker_restart_replay";

    /** A stack of its own: its broker is stopped, which the other tests must not see. */
    @RegisterExtension
    static final OwnStack OWN = new OwnStack("broker-restart-stack");

    @Test
    void theBrokerRestartedUnderTheRunningPipelineLosesNothingAcceptedAndEveryStageCarriesOn() throws Exception {
        LocalStack stack = OWN.stack();
        Endpoints endpoints = stack.up();
        SyntheticProgram program = new SyntheticProgramGenerator(new SyntheticProgramGenerator.Options(31, 40, 90,
                SyntheticProgramGenerator.Options.demo().start(), 0)).generate();
        List<ObjectNode> events = program.events();
        int half = events.size() / 2;
        String managerEmail = "pm@" + program.programId() + ".example.org";
        Path managers = stack.stateDir().resolve("drill-managers.json");

        try (SignedWebhookReceiver receiver = new SignedWebhookReceiver(Demo.DEMO_WEBHOOK_SECRET);
                EmbeddedPipeline pipeline = EmbeddedPipeline.start(endpoints, stack.stateDir(),
                        Demo.demoAlerting(OWN.settings(), managers, program.programId(), managerEmail, receiver.url(),
                                Passwords.hash(Passwords.randomPassword().toCharArray())), 0)) {
            EventPoster poster = new EventPoster(pipeline.ingestionUrl(), pipeline.localKey());
            EventPoster.Totals before = poster.post(events.subList(0, half), 500, sent -> { });

            StackState.KafkaState broker = StackState.read(stack.stateDir()).kafka();
            assertThat(ChildProcesses.stop(broker.pid(), ChildProcesses.marker(KafkaBroker.COMPONENT,
                    stack.stateDir()), Duration.ofSeconds(20))).as("the broker stopped").isTrue();
            System.out.println("Kafka stopped under the running pipeline; starting it again in " + OUTAGE.toSeconds()
                    + " s");
            HttpResponse<String> refused = postRaw(pipeline, events.subList(half, half + 10));
            assertThat(refused.statusCode()).as("ingestion without its log: " + refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).as("Retry-After").isPresent();
            // the outage lasts as long as the drill says, whatever the stages do meanwhile
            Thread.sleep(OUTAGE.toMillis());

            Endpoints back = stack.up();
            assertThat(back.kafkaBootstrap()).as("the broker back where the stages look for it")
                    .isEqualTo(endpoints.kafkaBootstrap());
            EventPoster.Totals after = poster.post(events.subList(half, events.size()), 500, sent -> { });
            long accepted = before.accepted() + after.accepted();
            assertThat(accepted + before.rejected() + after.rejected()).as("every event answered")
                    .isEqualTo(events.size());

            // the stages carried on: every accepted event and every match's day reach ClickHouse
            Demo.awaitEvaluation(endpoints, program, program.evaluationDay(), accepted, pipeline, System.out);
            assertThat(pipeline.stoppedStage()).as("a stage that stopped").isEmpty();
            assertThat(LivePipelineChecks.eventsStored(endpoints, program)).as("accepted events in ClickHouse")
                    .isEqualTo(accepted);
            AlertsReadBack alerts = AlertsReadBack.await(endpoints, program.programId(), managerEmail, receiver,
                    System.out);
            alerts.print(System.out);
            LivePipelineChecks.everyNotificationDeliveredAsOneMessage(alerts);
        }

        // the live run's days equal a replay's of the same log, which never saw the broker go
        LivePipelineChecks.liveRowsEqualAReplay(stack, endpoints, program, REPLAY_DB);
    }

    /** One batch, once: what a sender sees while the broker is away. */
    private static HttpResponse<String> postRaw(EmbeddedPipeline pipeline, List<ObjectNode> events) throws Exception {
        ArrayNode batch = JSON.createArrayNode();
        events.forEach(batch::add);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(pipeline.ingestionUrl() + "/v1/events"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/cloudevents-batch+json")
                .header("Authorization", "Bearer " + pipeline.localKey())
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(batch))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
