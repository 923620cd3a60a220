package org.mentorpulse.ingestion.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mentorpulse.ingestion.validation.EventValidator;
import org.mentorpulse.schema.events.FeedbackSubmitted;
import org.mentorpulse.schema.events.ParticipantRegistered;

class CsvEventReaderTest {
    private final EventValidator validator = new EventValidator();

    private static Map<String, String> row(String... pairs) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            row.put(pairs[i], pairs[i + 1]);
        }
        return row;
    }

    @Test
    void theTypeComesFromTheFileName() {
        assertThat(CsvEventReader.typeFromFileName("message.sent.csv")).hasValue("org.mentorpulse.message.sent");
        assertThat(CsvEventReader.typeFromFileName("org.mentorpulse.goal.updated.CSV"))
                .hasValue("org.mentorpulse.goal.updated");
        assertThat(CsvEventReader.typeFromFileName("messages.csv")).isEmpty();
    }

    @Test
    void valuesAreTypedByTheSchemaListsMapsAndIdentitiesIncluded() {
        ObjectNode person = new CsvEventReader("org.mentorpulse.participant.registered").toEvent(row(
                "id", "r-1", "source", "/csv", "time", "2026-01-05T09:00:00Z", "participant_id", "p-1",
                "program_id", "prog", "role", "mentee", "timezone", "Asia/Kolkata", "consent_research", "TRUE",
                "external_identities", "email:p1@example.org;zoom:z-1", "career_stage", ""));
        ParticipantRegistered p = (ParticipantRegistered) validator.validate(person, Instant.now()).event().getData();
        assertThat(p.getConsentResearch()).isTrue();
        assertThat(p.getCareerStage()).isNull();
        assertThat(p.getExternalIdentities()).extracting(i -> i.getSystem() + "=" + i.getExternalId())
                .containsExactly("email=p1@example.org", "zoom=z-1");

        ObjectNode feedback = new CsvEventReader("org.mentorpulse.feedback.submitted").toEvent(row(
                "id", "f-1", "source", "/csv", "time", "2026-01-05T09:00:00Z", "subject", "m-1", "match_id", "m-1",
                "respondent_id", "p-1", "instrument", "pulse", "satisfaction", "4", "scores", "rapport=4.5;fit=3"));
        FeedbackSubmitted f = (FeedbackSubmitted) validator.validate(feedback, Instant.now()).event().getData();
        assertThat(f.getSatisfaction()).isEqualTo(4);
        assertThat(f.getScores()).containsEntry("rapport", 4.5).containsEntry("fit", 3.0);
    }

    @Test
    void aValueThatDoesNotConvertReachesTheValidatorAsText() {
        ObjectNode event = new CsvEventReader("org.mentorpulse.goal.updated").toEvent(row("id", "g-1", "source",
                "/csv", "time", "2026-01-05T09:00:00Z", "match_id", "m-1", "goal_id", "g", "status", "progress",
                "progress_pct", "forty"));
        var result = validator.validate(event, Instant.now());
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("data.progress_pct");
            assertThat(e.reason()).contains("forty");
        });
        assertThat(new CsvEventReader("org.mentorpulse.goal.updated").unknownColumns(List.of("id", "goal_id",
                "comment"))).containsExactly("comment");
    }
}
