package org.mentorpulse.analytics.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mentorpulse.ingestion.validation.EventValidator;

/** What the analytics read from each type of the catalogue: the shipped samples, through the schema's mapping. */
class InteractionEventTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, InteractionEvent> samples() throws Exception {
        Map<String, InteractionEvent> byId = new LinkedHashMap<>();
        EventValidator validator = new EventValidator();
        for (String line : Files.readAllLines(Path.of("../seeds/samples/catalogue.ndjson"))) {
            var result = validator.validate(JSON.readTree(line), Instant.parse("2026-07-01T00:00:00Z"));
            assertThat(result.errors()).as(line).isEmpty();
            InteractionEvent e = InteractionEvent.from(result.event());
            byId.put(e.id, e);
        }
        return byId;
    }

    @Test
    void everyCatalogueTypeIsReadByItsSchemaIntoTheFieldsTheMetricsUse() throws Exception {
        Map<String, InteractionEvent> e = samples();
        assertThat(e).hasSize(20);

        assertThat(e.get("s-01")).extracting("actorId", "programId", "timezone", "matchId")
                .containsExactly("p-ana", "prog-1", "Europe/Lisbon", null);
        assertThat(e.get("s-03")).extracting("matchId", "programId", "cohortId", "mentorId", "menteeId")
                .containsExactly("m-1", "prog-1", "c-2026a", "p-ana", "p-ben");
        assertThat(e.get("s-04")).extracting("meetingEveryDays", "messageEveryDays", "preferredChannels")
                .containsExactly(14, 7, List.of("video", "email"));
        assertThat(e.get("s-05")).extracting("matchId", "actorId", "channel", "threadId")
                .containsExactly("m-1", "p-ben", "email", "t-1");
        assertThat(e.get("s-06")).extracting("itemId", "actorId", "channel", "startedAt", "scheduledMinutes")
                .containsExactly("mt-1", "p-ana", "video", Instant.parse("2026-01-12T17:00:00Z").toEpochMilli(), 45);
        assertThat(e.get("s-07")).extracting("itemId", "startedAt", "endedAt")
                .containsExactly("mt-1", Instant.parse("2026-01-12T17:02:00Z").toEpochMilli(),
                        Instant.parse("2026-01-12T17:50:00Z").toEpochMilli());
        assertThat(e.get("s-08")).extracting("itemId", "actorId", "noticeHours").containsExactly("mt-2", "p-ben", 31.5);
        assertThat(e.get("s-09")).extracting("itemId", "absentIds").containsExactly("mt-3", List.of("p-ben"));
        assertThat(e.get("s-10")).extracting("actorId", "instrument", "satisfaction", "scores")
                .containsExactly("p-ben", "pulse", 4, Map.of("rapport", 4.5, "usefulness", 3.0));
        assertThat(e.get("s-11")).extracting("itemId", "status", "progressPct").containsExactly("g-1", "progress", 40);
        assertThat(e.get("s-12")).extracting("actorId").isEqualTo("p-ana");
        assertThat(e.get("s-13")).extracting("actorId", "cohortId", "itemId", "sessionKind", "attended", "matchId")
                .containsExactly("p-ben", "c-2026a", "kick-1", "kickoff", true, null);
        assertThat(e.get("s-14")).extracting("itemId", "actorId", "instrument").containsExactly("sv-1", "p-ben", "pulse");
        assertThat(e.get("s-15")).extracting("actorId", "channel").containsExactly("staff-1", "phone");
        assertThat(e.get("s-16")).extracting("status", "reason", "initiatedBy")
                .containsExactly("closed_early", "relocation", "mentee");
        // program managers' actions on alerts: read, by match and staff member, and not a metric of the pair
        for (String action : List.of("s-18", "s-19", "s-20")) {
            assertThat(e.get(action)).extracting("matchId", "actorId").containsExactly("m-1", "staff-1");
        }
        assertThat(e.get("s-17")).extracting("actorId", "matchId").containsExactly("p-ben", null);
    }

    @Test
    void aRoutedCopyHasEveryFieldAndItsOwnMatch() throws Exception {
        InteractionEvent session = samples().get("s-13");
        session.logWatermark = 42;
        InteractionEvent routed = session.routedTo("m-9");
        assertThat(routed.matchId).isEqualTo("m-9");
        assertThat(session.matchId).isNull();
        assertThat(routed).usingRecursiveComparison().ignoringFields("matchId").isEqualTo(session);
    }
}
