package org.mentorpulse.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.mentorpulse.analytics.event.InteractionEvent;
import org.mentorpulse.analytics.risk.CommitmentRiskFunction;
import org.mentorpulse.analytics.risk.MatchRiskRow;
import org.mentorpulse.analytics.risk.StallPolicy;
import org.mentorpulse.generator.SyntheticProgram;
import org.mentorpulse.generator.SyntheticProgram.Archetype;
import org.mentorpulse.generator.SyntheticProgram.PlantedMatch;
import org.mentorpulse.generator.SyntheticProgramGenerator;
import org.mentorpulse.ingestion.validation.EventValidator;

/**
 * Scores the risk function against a generated program's ground truth: 200 matches of every archetype, fed in
 * delivery order (late data included) with the watermark trailing the newest event by an hour, as the job's
 * watermarks do. On the evaluation day, a match is flagged when its level is at_risk or stalled. The
 * archetypes that are commitment problems (fading, never started, one-sided, unreliable) should be flagged;
 * the others (healthy, recovering, late data) should not. Precision and recall are printed.
 */
class RiskScoringTest {
    private static final Set<Archetype> PROBLEMS = EnumSet.of(Archetype.fading, Archetype.never_started,
            Archetype.one_sided, Archetype.unreliable);
    private static final long ONE_HOUR = 3_600_000L;

    @Test
    void flagsTheTroubledArchetypesAndSparesTheHealthyOnes() throws Exception {
        SyntheticProgram program = new SyntheticProgramGenerator(new SyntheticProgramGenerator.Options(5, 200, 90,
                LocalDate.of(2026, 3, 2))).generate();
        LocalDate day = program.evaluationDay();
        Map<String, MatchRiskRow> onDay = new HashMap<>();
        EventValidator validator = new EventValidator();
        try (var harness = new KeyedOneInputStreamOperatorTestHarness<String, InteractionEvent, MatchRiskRow>(
                new KeyedProcessOperator<>(new CommitmentRiskFunction(StallPolicy.defaults())),
                e -> e.matchId, Types.STRING)) {
            harness.open();
            long maxTime = Long.MIN_VALUE;
            long watermark = Long.MIN_VALUE;
            for (ObjectNode json : program.events()) {
                InteractionEvent e = InteractionEvent.from(validator.validate(json, Instant.now()).event());
                if (e.matchId == null) {
                    continue;
                }
                harness.processElement(new StreamRecord<>(e, e.eventTime));
                maxTime = Math.max(maxTime, e.eventTime);
                if (maxTime - ONE_HOUR > watermark) {
                    watermark = maxTime - ONE_HOUR;
                    harness.processWatermark(watermark);
                }
            }
            for (MatchRiskRow row : harness.extractOutputValues()) {
                if (row.localDay().equals(day)) {
                    onDay.merge(row.matchId, row, (a, b) -> b.version >= a.version ? b : a);
                }
            }
        }

        int truePositives = 0;
        int falsePositives = 0;
        int falseNegatives = 0;
        for (PlantedMatch m : program.matches()) {
            MatchRiskRow row = onDay.get(m.matchId());
            assertThat(row).as("a row for " + m.matchId() + " on " + day).isNotNull();
            boolean flagged = row.level.equals("at_risk") || row.level.equals("stalled");
            boolean problem = PROBLEMS.contains(m.archetype());
            truePositives += flagged && problem ? 1 : 0;
            falsePositives += flagged && !problem ? 1 : 0;
            falseNegatives += !flagged && problem ? 1 : 0;
            // stalled exactly where the ground truth says more than 21 silent days
            assertThat(row.level.equals("stalled")).as(m.matchId() + " " + m.archetype())
                    .isEqualTo(m.daysSilentAt(day) > StallPolicy.DEFAULT_THRESHOLD_DAYS);
        }
        double precision = truePositives / (double) (truePositives + falsePositives);
        double recall = truePositives / (double) (truePositives + falseNegatives);
        Map<Archetype, Long> flaggedByArchetype = program.matches().stream()
                .filter(m -> Set.of("at_risk", "stalled").contains(onDay.get(m.matchId()).level))
                .collect(Collectors.groupingBy(PlantedMatch::archetype, Collectors.counting()));
        System.out.printf("Risk scoring on %d matches, %s: precision %.2f, recall %.2f (flagged by archetype: %s)%n",
                program.matches().size(), day, precision, recall, flaggedByArchetype);
        assertThat(precision).isGreaterThanOrEqualTo(0.95);
        assertThat(recall).isGreaterThanOrEqualTo(0.75);
    }
}
