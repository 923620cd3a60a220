package org.mentorpulse.generator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mentorpulse.generator.SyntheticProgram.Archetype;
import org.mentorpulse.generator.SyntheticProgram.PlantedMatch;
import org.mentorpulse.ingestion.validation.EventValidator;

class SyntheticProgramGeneratorTest {
    private final SyntheticProgram program = new SyntheticProgramGenerator(SyntheticProgramGenerator.Options.demo())
            .generate();

    @Test
    void theSameSeedGivesTheSameProgram() {
        SyntheticProgram again = new SyntheticProgramGenerator(SyntheticProgramGenerator.Options.demo()).generate();
        assertThat(again.events()).isEqualTo(program.events());
        assertThat(again.matches()).isEqualTo(program.matches());
    }

    @Test
    void everyGeneratedEventPassesValidationAndEventsAreInTimeOrder() {
        EventValidator validator = new EventValidator();
        Instant previous = Instant.MIN;
        for (ObjectNode event : program.events()) {
            assertThat(validator.validate(event, Instant.now()).errors()).as(event.toString()).isEmpty();
            Instant time = Instant.parse(event.get("time").asText());
            assertThat(time).isAfterOrEqualTo(previous);
            previous = time;
        }
        assertThat(program.events().stream().map(e -> e.get("id").asText()).distinct().count())
                .isEqualTo(program.events().size());
    }

    @Test
    void fadingAndNeverStartedMatchesAreStalledOnTheEvaluationDayAndHealthyOnesAreNot() {
        LocalDate day = program.evaluationDay();
        Map<Archetype, List<PlantedMatch>> byArchetype = program.matches().stream()
                .collect(Collectors.groupingBy(PlantedMatch::archetype));
        assertThat(byArchetype.get(Archetype.fading)).hasSize(12);
        assertThat(byArchetype.get(Archetype.never_started)).hasSize(4);
        assertThat(byArchetype.get(Archetype.healthy)).hasSize(24)
                .allSatisfy(m -> assertThat(m.daysSilentAt(day)).isLessThan(14));
        assertThat(program.plantedStalls(day, 21)).extracting(PlantedMatch::archetype)
                .hasSize(16).doesNotContain(Archetype.healthy);
    }
}
