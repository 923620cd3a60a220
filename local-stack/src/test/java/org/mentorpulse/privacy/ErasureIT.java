package org.mentorpulse.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mentorpulse.pipeline.EmbeddedPipeline;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.testing.OwnStack;
import org.mentorpulse.testing.Waiting;
import org.mentorpulse.warehouse.ParticipantErasure;

/**
 * {@code participant.erased} on the real stack: a mentee's events, a refused event of theirs, an alert's nudge
 * and its delivery are in ClickHouse, and their match has its research row; after the erasure no column of any
 * table or view of either database holds their id, their mentor's rows are untouched, and the research rows
 * and aggregates are exactly as before.
 *
 * <p>On a stack of its own: the events happen in the last days, which would move the shared stack's clock.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ErasureIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MENTEE = "erasure-mentee-5c1f";
    private static final String MENTOR = "erasure-mentor-5c1f";
    private static final String MATCH = "erasure-match-5c1f";
    private static final String PROGRAM = "erasure-program";
    private static final List<String> DATABASES = List.of("mentorpulse", "mentorpulse_research");

    @RegisterExtension
    static final OwnStack OWN = new OwnStack("erasure-stack");
    private final HttpClient http = HttpClient.newHttpClient();
    private EmbeddedPipeline pipeline;
    private int sequence;

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void anErasedParticipantLeavesNoTraceAndTheResearchRowsStayAsTheyWere() throws Exception {
        Endpoints endpoints = OWN.stack().up();
        pipeline = EmbeddedPipeline.start(endpoints, OWN.stack().stateDir(), OWN.settings(), 0);
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(12));
        ArrayNode batch = JSON.createArrayNode();
        batch.add(registered(MENTOR, "mentor", start.minus(Duration.ofDays(1))));
        batch.add(registered(MENTEE, "mentee", start.minus(Duration.ofDays(1))));
        batch.add(event("org.mentorpulse.match.created", start.plus(Duration.ofHours(9)), JSON.createObjectNode()
                .put("match_id", MATCH).put("program_id", PROGRAM).put("cohort_id", "erasure-cohort")
                .put("mentor_id", MENTOR).put("mentee_id", MENTEE)));
        for (int day = 1; day <= 6; day++) {
            batch.add(message(MENTOR, start.plus(Duration.ofDays(day)).plus(Duration.ofHours(10)), "email"));
            batch.add(message(MENTEE, start.plus(Duration.ofDays(day)).plus(Duration.ofHours(12)), "email"));
        }
        ObjectNode refused = message(MENTEE, start.plus(Duration.ofDays(7)), "carrier-pigeon");
        batch.add(refused);
        HttpResponse<String> answer = post(batch);
        assertThat(answer.statusCode()).as(answer.body()).isIn(200, 207);

        try (Connection c = endpoints.openClickHouse()) {
            await(c, "SELECT count() FROM mentorpulse.events FINAL WHERE source = 'it/erasure'", 15);
            await(c, "SELECT count() FROM mentorpulse.rejected_events WHERE event_id = '"
                    + refused.get("id").asText() + "'", 1);
            await(c, "SELECT count() FROM mentorpulse_research.match_outcomes FINAL WHERE program_id = '" + PROGRAM
                    + "'", 1);
            plantAlertAndDeliveries(c);
            assertThat(traces(c)).as("the mentee's id before the erasure").isNotEmpty();
            // the alerting app reads the log on its own
            Waiting.until("the alerting app's book of the match", this::matchState, book -> book.contains(MENTEE));
            String research = rows(c, "SELECT match_pseudonym, mentor_pseudonym, mentee_pseudonym, outcome, "
                    + "toString(start_date) FROM mentorpulse_research.match_outcomes FINAL WHERE program_id = '"
                    + PROGRAM + "'");
            String aggregates = rows(c, "SELECT * FROM mentorpulse_research.program_outcomes WHERE program_id = '"
                    + PROGRAM + "'");

            ArrayNode erasure = JSON.createArrayNode();
            erasure.add(event("org.mentorpulse.participant.erased", Instant.now().minusSeconds(60),
                    JSON.createObjectNode().put("participant_id", MENTEE)));
            assertThat(post(erasure).statusCode()).isEqualTo(200);

            // done once the erasure event itself is stored too: it reaches the events table through its own sink,
            // possibly after the first enforcement, and then carries the id until the next checkpoint's
            Waiting.until("the erasure stored and the mentee's id gone everywhere", () -> {
                assertThat(pipeline.jobIsRunning()).as("the Flink job is running").isTrue();
                return List.of(rows(c, "SELECT count() FROM mentorpulse.events FINAL WHERE type = "
                        + "'org.mentorpulse.participant.erased'"), traces(c));
            }, seen -> seen.get(0).equals("1") && ((List<?>) seen.get(1)).isEmpty());
            // the alerting app's book of the match, in whichever task holds it, no longer names the mentee
            // an empty book is one the app could not show just then (its stores moving between tasks), not one
            // that forgot the mentee
            String book = Waiting.until("the alerting app to forget the mentee", this::matchState,
                    b -> !b.isEmpty() && !b.contains(MENTEE));
            assertThat(book).contains(MENTOR, "\"erased\"");
            assertThat(rows(c, "SELECT participant_sha256 FROM mentorpulse.erasures FINAL"))
                    .isEqualTo(ParticipantErasure.hash(MENTEE));
            // the rows stay, only the id is gone
            assertThat(rows(c, "SELECT count() FROM mentorpulse.events FINAL WHERE actor_id = 'erased'"))
                    .isEqualTo("8"); // the mentee's registration and 6 messages, and the erasure itself
            assertThat(rows(c, "SELECT recipient FROM mentorpulse.alerts FINAL WHERE match_id = '" + MATCH + "'"))
                    .isEqualTo("erased," + MENTOR);
            assertThat(rows(c, "SELECT notification_id, recipient_id, reason FROM mentorpulse.deliveries FINAL "
                    + "WHERE program_id = '" + PROGRAM + "'")).isEqualTo("alert-e/nudge/erased/t erased recipient erased "
                    + "is unknown,alert-e/nudge/" + MENTOR + "/t " + MENTOR + " ");
            assertThat(rows(c, "SELECT count() FROM mentorpulse.events FINAL WHERE actor_id = '" + MENTOR + "'"))
                    .isEqualTo("7");
            // the research rows and aggregates do not change: the pseudonym no longer maps to anyone
            assertThat(rows(c, "SELECT match_pseudonym, mentor_pseudonym, mentee_pseudonym, outcome, "
                    + "toString(start_date) FROM mentorpulse_research.match_outcomes FINAL WHERE program_id = '"
                    + PROGRAM + "'")).isEqualTo(research);
            assertThat(rows(c, "SELECT * FROM mentorpulse_research.program_outcomes WHERE program_id = '" + PROGRAM
                    + "'")).isEqualTo(aggregates);
        }
    }

    /** An alert of the match that nudged both, and the deliveries of the two nudges (one failed). */
    private static void plantAlertAndDeliveries(Connection c) throws Exception {
        try (Statement st = c.createStatement()) {
            for (String who : List.of(MENTEE, MENTOR)) {
                st.execute("INSERT INTO mentorpulse.alerts (alert_id, match_id, program_id, cohort_id, kind, transition, "
                        + "day, at, cause, actor, channel, held_out, nudge_due_at, recipient, version) VALUES ('alert-e', '"
                        + MATCH + "', '" + PROGRAM + "', 'erasure-cohort', 'stalled', 'nudged', today(), now64(3), "
                        + "'silent', 'system', 'email', 0, NULL, '" + who + "', 1)");
                st.execute("INSERT INTO mentorpulse.deliveries (notification_id, purpose, recipient_id, program_id, "
                        + "channel, status, attempts, reason, at, alert_ids, version) VALUES ('alert-e/nudge/" + who
                        + "/t', 'nudge', '" + who + "', '" + PROGRAM + "', 'email', '" + (who.equals(MENTEE) ? "failed"
                        : "sent") + "', 1, '" + (who.equals(MENTEE) ? "recipient " + MENTEE + " is unknown" : "")
                        + "', now64(3), ['alert-e'], 1)");
            }
        }
    }

    /** Every column of every table and view of both databases that holds the mentee's id somewhere. */
    private static List<String> traces(Connection c) throws Exception {
        List<String[]> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT database, table, name FROM system.columns WHERE "
                + "database IN ('mentorpulse', 'mentorpulse_research') AND type LIKE '%String%' "
                // a refreshable view builds its next contents in a '.tmp.inner_id.<uuid>' table and swaps it in: it
                // exists for the length of a refresh, and what it holds ends up in the view's target, read here too
                + "AND NOT startsWith(table, '.tmp.') ORDER BY database, table, name");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                columns.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        assertThat(columns.stream().map(col -> col[0]).distinct().toList()).containsExactlyElementsOf(DATABASES);
        List<String> found = new ArrayList<>();
        for (String[] col : columns) {
            String n = rows(c, "SELECT count() FROM `" + col[0] + "`.`" + col[1] + "` WHERE position(toString(`"
                    + col[2] + "`), '" + MENTEE + "') > 0");
            if (!n.equals("0")) {
                found.add(col[0] + "." + col[1] + "." + col[2] + " (" + n + ")");
            }
        }
        return found;
    }

    private static void await(Connection c, String sql, long expected) throws Exception {
        Waiting.until(sql + " = " + expected, () -> Long.parseLong(rows(c, sql)), n -> n == expected);
    }

    /** The rows of a query, each a space-joined line, joined by commas. */
    private static String rows(Connection c, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql + " ORDER BY 1")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    values.add(rs.getString(i));
                }
                out.add(String.join(" ", values));
            }
        }
        return String.join(",", out);
    }

    private ObjectNode registered(String participant, String role, Instant at) {
        ObjectNode data = JSON.createObjectNode().put("participant_id", participant).put("program_id", PROGRAM)
                .put("role", role).put("timezone", "UTC");
        data.putArray("external_identities").addObject().put("system", "email")
                .put("external_id", participant + "@example.org");
        return event("org.mentorpulse.participant.registered", at, data);
    }

    private ObjectNode message(String sender, Instant at, String channel) {
        return event("org.mentorpulse.message.sent", at, JSON.createObjectNode().put("match_id", MATCH)
                .put("sender_id", sender).put("channel", channel));
    }

    private ObjectNode event(String type, Instant time, ObjectNode data) {
        ObjectNode e = JSON.createObjectNode().put("specversion", "1.0").put("id", "erasure-" + (++sequence))
                .put("source", "it/erasure").put("type", type).put("time", time.toString());
        if (type.contains("match") || type.contains("message")) {
            e.put("subject", MATCH);
        }
        e.set("data", data);
        return e;
    }

    /** The alerting app's view of the match ({@code GET /v1/matches/{id}}) as the local operator; "" while it has none. */
    private String matchState() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(pipeline.matchStateUrl()
                + "/v1/matches/" + MATCH)).header("Authorization", "Bearer " + pipeline.localKey()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        // 404 until the app has read the match, 503 while its stores move between tasks
        assertThat(answer.statusCode()).as(answer.body()).isIn(200, 404, 503);
        return answer.statusCode() == 200 ? answer.body() : "";
    }

    private HttpResponse<String> post(ArrayNode batch) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(pipeline.ingestionUrl() + "/v1/events"))
                .header("Content-Type", "application/cloudevents-batch+json")
                .header("Authorization", "Bearer " + pipeline.localKey())
                .POST(HttpRequest.BodyPublishers.ofString(batch.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }
}
