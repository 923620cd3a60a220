package org.mentorpulse.ingestion.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mentorpulse.schema.EventCatalogue;
import org.mentorpulse.schema.EventTypes;
import org.mentorpulse.schema.MentorPulseEvent;
import org.mentorpulse.schema.events.AgreementSet;
import org.mentorpulse.schema.events.Channel;
import org.mentorpulse.schema.events.FeedbackSubmitted;
import org.mentorpulse.schema.events.ParticipantRegistered;

/** Every type of the catalogue, read by its schema, with the samples shipped in {@code seeds/samples}. */
class CatalogueValidationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant RECEIVED = Instant.parse("2026-04-02T00:00:00Z");
    private final EventValidator validator = new EventValidator();

    static List<ObjectNode> samples() throws Exception {
        try (var lines = Files.lines(Path.of("../seeds/samples/catalogue.ndjson"))) {
            return lines.map(line -> {
                try {
                    return (ObjectNode) JSON.readTree(line);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }

    private static ObjectNode sample(String type) throws Exception {
        return samples().stream().filter(s -> s.get("type").asText().equals(type)).findFirst().orElseThrow();
    }

    @Test
    void everySampleIsAcceptedAndTheSamplesCoverTheWholeCatalogue() throws Exception {
        List<ObjectNode> samples = samples();
        for (ObjectNode sample : samples) {
            ValidationResult result = validator.validate(sample, RECEIVED);
            assertThat(result.errors()).as(sample.get("type").asText()).isEmpty();
            assertThat(EventCatalogue.typeOf(((org.apache.avro.specific.SpecificRecord) result.event().getData())
                    .getSchema())).isEqualTo(sample.get("type").asText());
        }
        assertThat(samples.stream().map(s -> s.get("type").asText()).collect(Collectors.toSet()))
                .isEqualTo(EventCatalogue.types());
    }

    @Test
    void nestedRecordsListsOfEnumsMapsAndDatesAreRead() throws Exception {
        ParticipantRegistered ana = (ParticipantRegistered) validator
                .validate(sample(EventTypes.PARTICIPANT_REGISTERED), RECEIVED).event().getData();
        assertThat(ana.getExternalIdentities()).extracting(i -> i.getSystem() + ":" + i.getExternalId())
                .containsExactly("email:ana@example.org", "zoom:zU-ana");
        assertThat(ana.getConsentResearch()).isTrue();

        AgreementSet agreement = (AgreementSet) validator.validate(sample(EventTypes.AGREEMENT_SET), RECEIVED)
                .event().getData();
        assertThat(agreement.getPreferredChannels()).containsExactly(Channel.video, Channel.email);
        assertThat(agreement.getEndsOn()).isEqualTo(LocalDate.of(2026, 6, 30));

        FeedbackSubmitted feedback = (FeedbackSubmitted) validator
                .validate(sample(EventTypes.FEEDBACK_SUBMITTED), RECEIVED).event().getData();
        assertThat(feedback.getScores()).containsEntry("rapport", 4.5).containsEntry("usefulness", 3.0);
    }

    @Test
    void programAndCohortComeFromTheDataOrFromExtensionAttributes() throws Exception {
        MentorPulseEvent match = validator.validate(sample(EventTypes.MATCH_CREATED), RECEIVED).event();
        assertThat(match.getProgramId()).isEqualTo("prog-1");
        assertThat(match.getCohortId()).isEqualTo("c-2026a");
        MentorPulseEvent session = validator.validate(sample(EventTypes.COHORT_SESSION_ATTENDED), RECEIVED).event();
        assertThat(session.getProgramId()).isEqualTo("prog-1");
        assertThat(session.getCohortId()).isEqualTo("c-2026a");
        assertThat(session.getSubject()).isNull();
    }

    @Test
    void rangesFormatsAndNestedFieldsAreCheckedWithTheirFullPath() throws Exception {
        ObjectNode person = sample(EventTypes.PARTICIPANT_REGISTERED);
        ObjectNode data = (ObjectNode) person.get("data");
        data.put("timezone", "Mars/Olympus_Mons");
        data.put("role", "sponsor");
        ((ObjectNode) data.get("external_identities").get(1)).remove("external_id");
        assertThat(errors(person)).containsExactlyInAnyOrder(
                "data.timezone", "data.role", "data.external_identities[1].external_id");

        ObjectNode feedback = sample(EventTypes.FEEDBACK_SUBMITTED);
        ((ObjectNode) feedback.get("data")).put("satisfaction", 6);
        ((ObjectNode) feedback.get("data").get("scores")).put("rapport", "great");
        assertThat(errors(feedback)).containsExactlyInAnyOrder("data.satisfaction", "data.scores.rapport");

        ObjectNode missed = sample(EventTypes.MEETING_MISSED);
        ((ObjectNode) missed.get("data")).putArray("absent_ids");
        assertThat(errors(missed)).containsExactly("data.absent_ids");

        ObjectNode agreement = sample(EventTypes.AGREEMENT_SET);
        ((ObjectNode) agreement.get("data")).put("meeting_every_days", 0);
        ((ObjectNode) agreement.get("data")).putArray("preferred_channels").add("video").add("pigeon");
        assertThat(errors(agreement)).containsExactlyInAnyOrder(
                "data.meeting_every_days", "data.preferred_channels[1]");
    }

    @Test
    void crossFieldRulesAreChecked() throws Exception {
        ObjectNode match = sample(EventTypes.MATCH_CREATED);
        ((ObjectNode) match.get("data")).put("mentee_id", "p-ana");
        ((ObjectNode) match.get("data")).put("planned_end_on", "2025-12-31");
        assertThat(errors(match)).containsExactlyInAnyOrder("data.mentee_id", "data.planned_end_on");
    }

    private List<String> errors(JsonNode event) {
        ValidationResult result = validator.validate(event, RECEIVED);
        assertThat(result.isAccepted()).isFalse();
        return result.errors().stream().map(FieldError::field).toList();
    }
}
