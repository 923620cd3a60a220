package org.mentorpulse.testkit.generator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mentorpulse.testkit.generator.SyntheticProgram.Archetype;
import org.mentorpulse.testkit.generator.SyntheticProgram.PlantedMatch;
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
    void everyGeneratedEventPassesValidationAndOnTimeEventsAreInTimeOrder() {
        EventValidator validator = new EventValidator();
        Instant previous = Instant.MIN;
        Set<String> lateMatches = program.matches().stream().filter(m -> m.archetype() == Archetype.late_data)
                .map(PlantedMatch::matchId).collect(Collectors.toSet());
        for (ObjectNode event : program.events()) {
            assertThat(validator.validate(event, Instant.now()).errors()).as(event.toString()).isEmpty();
            Instant time = Instant.parse(event.get("time").asText());
            if (lateMatches.contains(event.path("subject").asText())) {
                continue; // delivered late on purpose
            }
            assertThat(time).isAfterOrEqualTo(previous);
            previous = time;
        }
        assertThat(program.events().stream().map(e -> e.get("id").asText()).distinct().count())
                .isEqualTo(program.events().size());
    }

    @Test
    void everyArchetypeIsPlantedAndEachStallsOrNotAsItsPatternSays() {
        LocalDate day = program.evaluationDay();
        Map<Archetype, List<PlantedMatch>> byArchetype = program.matches().stream()
                .collect(Collectors.groupingBy(PlantedMatch::archetype));
        assertThat(byArchetype.keySet()).containsExactlyInAnyOrder(Archetype.values());
        assertThat(byArchetype.get(Archetype.healthy)).hasSize(12);
        assertThat(byArchetype.get(Archetype.fading)).hasSize(8);
        for (Archetype steady : List.of(Archetype.healthy, Archetype.late_data, Archetype.recovering)) {
            assertThat(byArchetype.get(steady)).as(steady.name())
                    .allSatisfy(m -> assertThat(m.daysSilentAt(day)).isLessThanOrEqualTo(21));
        }
        for (Archetype silent : List.of(Archetype.fading, Archetype.never_started, Archetype.one_sided)) {
            assertThat(byArchetype.get(silent)).as(silent.name())
                    .allSatisfy(m -> assertThat(m.daysSilentAt(day)).isGreaterThan(21));
        }
        // recovering pairs really were silent for weeks before they came back
        assertThat(program.events().stream().filter(e -> e.path("subject").asText().equals(
                byArchetype.get(Archetype.recovering).get(0).matchId())).count()).isGreaterThan(10);
    }

    @Test
    void lateDataArrivesDaysLateButWithinTheAllowedLatenessAndTheCatalogueIsUsedWidely() {
        List<ObjectNode> events = program.events();
        String lateMatch = program.matches().stream().filter(m -> m.archetype() == Archetype.late_data)
                .findFirst().orElseThrow().matchId();
        Instant newest = Instant.MIN;
        long mostLateSeconds = 0;
        for (JsonNode e : events) {
            Instant time = Instant.parse(e.get("time").asText());
            if (e.path("subject").asText().equals(lateMatch) && !e.get("type").asText().endsWith("match.created")) {
                long lateSeconds = newest.getEpochSecond() - time.getEpochSecond();
                assertThat(lateSeconds).as("how late " + e.get("id").asText() + " arrives").isLessThan(11 * 86_400L);
                mostLateSeconds = Math.max(mostLateSeconds, lateSeconds);
            }
            newest = time.isAfter(newest) ? time : newest;
        }
        assertThat(mostLateSeconds).isGreaterThan(86_400L);
        assertThat(events.stream().map(e -> e.get("type").asText()).distinct().count()).isGreaterThanOrEqualTo(14);
        assertThat(events.stream().filter(e -> e.get("type").asText().endsWith("participant.registered"))
                .map(e -> e.at("/data/timezone").asText()).distinct().count()).isGreaterThan(5);
    }

    @Test
    void chatAddsAnsweredMessagesToEngagedPairsOnly() {
        SyntheticProgram chatty = new SyntheticProgramGenerator(new SyntheticProgramGenerator.Options(42, 40, 90,
                SyntheticProgramGenerator.Options.demo().start(), 20)).generate();
        EventValidator validator = new EventValidator();
        assertThat(chatty.events()).allSatisfy(e -> assertThat(validator.validate(e, Instant.now()).errors()).isEmpty());
        assertThat(chatty.events().size()).isGreaterThan(3 * program.events().size());
        LocalDate day = program.evaluationDay();
        for (int i = 0; i < program.matches().size(); i++) {
            PlantedMatch quiet = program.matches().get(i);
            PlantedMatch chat = chatty.matches().get(i);
            assertThat(chat.archetype()).isEqualTo(quiet.archetype());
            if (quiet.archetype() == Archetype.never_started || quiet.archetype() == Archetype.one_sided) {
                assertThat(chat.twoWayContacts()).as(quiet.matchId()).isEqualTo(quiet.twoWayContacts());
            }
            if (quiet.archetype() == Archetype.healthy) {
                assertThat(chat.twoWayContacts().size()).isGreaterThan(quiet.twoWayContacts().size());
                assertThat(chat.daysSilentAt(day)).isLessThanOrEqualTo(quiet.daysSilentAt(day));
            }
        }
    }

    @Test
    void theClosureProcessClosesFadedMatchesWeeksAfterTheirLastContactAndSomeOthersAtRandom() {
        SyntheticProgramGenerator.Options options = new SyntheticProgramGenerator.Options(7, 400, 120,
                LocalDate.of(2026, 3, 2)).withClosures(SyntheticProgramGenerator.Closures.process(0.15));
        SyntheticProgram closing = new SyntheticProgramGenerator(options).generate();
        Instant lastDay = Instant.parse("2026-03-02T00:00:00Z").plusSeconds((120 - 1) * 86_400L);
        Set<Archetype> faded = Set.of(Archetype.fading, Archetype.never_started, Archetype.one_sided);
        int engaged = 0;
        int engagedClosed = 0;
        EventValidator validator = new EventValidator();
        for (PlantedMatch m : closing.matches()) {
            List<ObjectNode> own = closing.events().stream()
                    .filter(e -> m.matchId().equals(e.path("subject").asText(null))).toList();
            List<ObjectNode> closures = own.stream().filter(e -> e.get("type").asText().endsWith("status.changed"))
                    .toList();
            // unreliable and recovering pairs are left open at the end, unless the noise closed them
            boolean open = m.closedEarlyAt() == null
                    && Set.of(Archetype.unreliable, Archetype.recovering).contains(m.archetype());
            assertThat(closures).as(m.matchId()).hasSize(open ? 0 : 1);
            if (open) {
                engaged++;
                continue;
            }
            JsonNode closure = closures.get(0).get("data");
            if (faded.contains(m.archetype())) {
                assertThat(closure.get("status").asText()).isEqualTo("closed_early");
                Instant last = m.twoWayContacts().isEmpty() ? m.created()
                        : m.twoWayContacts().get(m.twoWayContacts().size() - 1);
                if (m.closedEarlyAt() != null) {
                    long after = (m.closedEarlyAt().getEpochSecond() - last.getEpochSecond()) / 86_400;
                    assertThat(after).as(m.matchId()).isBetween(21L, 42L);
                }
            } else {
                engaged++;
                engagedClosed += m.closedEarlyAt() != null ? 1 : 0;
            }
            if (m.closedEarlyAt() != null) {
                assertThat(m.closedEarlyAt()).isBefore(lastDay);
                assertThat(closure.get("status").asText()).isEqualTo("closed_early");
                assertThat(Instant.parse(closures.get(0).get("time").asText())).isEqualTo(m.closedEarlyAt());
                // nothing of the match happens after it closed
                assertThat(own).allSatisfy(e -> assertThat(Instant.parse(e.get("time").asText()))
                        .isBeforeOrEqualTo(m.closedEarlyAt()));
                assertThat(m.twoWayContacts()).allSatisfy(t -> assertThat(t).isBeforeOrEqualTo(m.closedEarlyAt()));
            }
            own.forEach(e -> assertThat(validator.validate(e, Instant.now()).errors()).as(e.toString()).isEmpty());
        }
        assertThat(closing.matches().stream().filter(m -> faded.contains(m.archetype()) && m.closedEarlyAt() != null))
                .as("faded matches closed before the end").hasSizeGreaterThan(100);
        // 240 engaged matches, each closing with probability 0.15
        assertThat(engaged).isEqualTo(240);
        assertThat(engagedClosed / (double) engaged).isBetween(0.08, 0.22);
    }
}
