package org.mentorpulse.ingestion.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mentorpulse.schema.Questionnaire;
import org.mentorpulse.schema.events.FeedbackSubmitted;

/** A feedback.submitted that names a validated instrument answers exactly its items, each on its scale. */
class QuestionnaireValidationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant RECEIVED = Instant.parse("2026-03-03T00:00:00Z");
    private final EventValidator validator = new EventValidator();

    /** An MFQ-9 answer: career items 4, psychosocial 2, role modelling 5. */
    private static ObjectNode mfq9() throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"specversion":"1.0","id":"f-1","source":"test/platform","type":"org.mentorpulse.feedback.submitted",
                 "time":"2026-03-02T09:30:00Z",
                 "data":{"match_id":"m-1","respondent_id":"p-2","instrument":"midpoint","satisfaction":4,
                         "questionnaire":"mfq-9","questionnaire_version":1,
                         "scores":{"career_1":4,"career_2":4,"career_3":4,"psychosocial_1":1,"psychosocial_2":2,
                                   "psychosocial_3":3,"role_modeling_1":5,"role_modeling_2":5,"role_modeling_3":5}}}
                """);
    }

    private static ObjectNode scores(ObjectNode event) {
        return (ObjectNode) event.get("data").get("scores");
    }

    @Test
    void aCompleteAnswerIsAcceptedAndItsSubscalesAreTheMeansOfTheirItems() throws Exception {
        ValidationResult result = validator.validate(mfq9(), RECEIVED);
        assertThat(result.errors()).isEmpty();
        FeedbackSubmitted f = (FeedbackSubmitted) result.event().getData();
        assertThat(f.getQuestionnaire()).isEqualTo("mfq-9");
        Questionnaire mfq = Questionnaire.find("mfq-9", 1).orElseThrow();
        assertThat(mfq.subscaleScores(f.getScores())).containsExactly(Map.entry("career_support", 4.0),
                Map.entry("psychosocial_support", 2.0), Map.entry("role_modeling", 5.0));
    }

    @Test
    void aMissingItemAnUnknownItemAndAScoreOffTheScaleAreEachNamed() throws Exception {
        ObjectNode event = mfq9();
        scores(event).remove("career_2");
        scores(event).put("career_4", 3);
        scores(event).put("psychosocial_1", 6);
        scores(event).put("role_modeling_1", 2.5);
        assertThat(validator.validate(event, RECEIVED).errors()).containsExactly(
                new FieldError("data.scores.career_2", RejectionCode.MISSING, "an item of mfq-9@1 without a score"),
                new FieldError("data.scores.psychosocial_1", RejectionCode.INVALID_VALUE,
                        "must be a whole number from 1 to 5, not 6.0"),
                new FieldError("data.scores.role_modeling_1", RejectionCode.INVALID_VALUE,
                        "must be a whole number from 1 to 5, not 2.5"),
                new FieldError("data.scores.career_4", RejectionCode.INVALID_VALUE, "not an item of mfq-9@1 (items: "
                        + "career_1, career_2, career_3, psychosocial_1, psychosocial_2, psychosocial_3, "
                        + "role_modeling_1, role_modeling_2, role_modeling_3)"));
    }

    @Test
    void anUnknownInstrumentOrVersionAndAVersionWithoutAnInstrumentAreRefused() throws Exception {
        ObjectNode event = mfq9();
        ((ObjectNode) event.get("data")).put("questionnaire_version", 7);
        assertThat(validator.validate(event, RECEIVED).errors()).containsExactly(new FieldError("data.questionnaire",
                RejectionCode.INVALID_VALUE, "unknown questionnaire 'mfq-9@7'; known: mca-26@1, mfq-9@1"));
        ((ObjectNode) event.get("data")).remove("questionnaire_version");
        assertThat(validator.validate(event, RECEIVED).errors()).containsExactly(new FieldError(
                "data.questionnaire_version", RejectionCode.MISSING, "required with data.questionnaire"));
        ((ObjectNode) event.get("data")).remove("questionnaire");
        ((ObjectNode) event.get("data")).put("questionnaire_version", 1);
        assertThat(validator.validate(event, RECEIVED).errors()).containsExactly(new FieldError(
                "data.questionnaire_version", RejectionCode.INCONSISTENT, "given without data.questionnaire"));
    }

    @Test
    void scoresWithoutAnInstrumentStayFreeAsBefore() throws Exception {
        ObjectNode event = mfq9();
        ((ObjectNode) event.get("data")).remove("questionnaire");
        ((ObjectNode) event.get("data")).remove("questionnaire_version");
        scores(event).put("anything", 42);
        assertThat(validator.validate(event, RECEIVED).errors()).isEmpty();
    }

    @Test
    void theCompetencyAssessmentHasSixCompetenciesOf26ItemsOnASevenPointScale() {
        Questionnaire mca = Questionnaire.find("mca-26", 1).orElseThrow();
        assertThat(mca.items()).hasSize(26).doesNotHaveDuplicates();
        assertThat(mca.subscales().keySet()).containsExactly("maintaining_effective_communication",
                "aligning_expectations", "assessing_understanding", "addressing_diversity", "fostering_independence",
                "promoting_professional_development");
        assertThat(mca.subscales().values().stream().map(java.util.List::size)).containsExactly(6, 5, 3, 2, 5, 5);
        assertThat(mca.min()).isEqualTo(1);
        assertThat(mca.max()).isEqualTo(7);
    }
}
