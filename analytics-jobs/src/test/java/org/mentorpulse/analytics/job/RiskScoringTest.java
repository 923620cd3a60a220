package org.mentorpulse.analytics.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mentorpulse.analytics.config.AnalyticsSettings;
import org.mentorpulse.analytics.engagement.MatchDay;
import org.mentorpulse.analytics.event.InteractionEvent;
import org.mentorpulse.analytics.job.EngagementRiskJob;
import org.mentorpulse.analytics.late.LateEvent;
import org.mentorpulse.analytics.risk.RiskModel;
import org.mentorpulse.testkit.flink.CollectingSink;
import org.mentorpulse.testkit.generator.SyntheticProgram;
import org.mentorpulse.testkit.generator.SyntheticProgram.Archetype;
import org.mentorpulse.testkit.generator.SyntheticProgram.PlantedMatch;
import org.mentorpulse.testkit.generator.SyntheticProgramGenerator;
import org.mentorpulse.ingestion.validation.EventValidator;

/**
 * Scores the whole analytics pipeline (participant routing, daily evaluation, risk) against a generated
 * program's ground truth: 200 matches of every archetype in ten time zones, with agreed cadences from weekly
 * to every three weeks, fed on a Flink MiniCluster at parallelism 2 in delivery order (late data arrives days
 * late), with watermarks trailing the newest event by an hour as in the live job.
 *
 * <p>On the evaluation day a match is flagged when its level is at_risk or stalled. The archetypes that are
 * commitment problems (fading, never started, one-sided, unreliable) should be flagged; the others (healthy,
 * recovering, late data) should not. Precision and recall are printed.
 */
class RiskScoringTest {
    private static final Set<Archetype> PROBLEMS = EnumSet.of(Archetype.fading, Archetype.never_started,
            Archetype.one_sided, Archetype.unreliable);
    private static SyntheticProgram program;
    private static Map<String, MatchDay> onDay;
    private static List<LateEvent> late;

    @BeforeAll
    static void runTheProgramThroughThePipeline() throws Exception {
        program = new SyntheticProgramGenerator(new SyntheticProgramGenerator.Options(5, 200, 90,
                LocalDate.of(2026, 3, 2))).generate();
        List<MatchDay> days = new ArrayList<>();
        late = run(program, days);
        onDay = rowsOn(program.evaluationDay(), days);
    }

    /** Runs a program through the whole job in delivery order; returns the late events, adds the rows to {@code out}. */
    static List<LateEvent> run(SyntheticProgram program, List<MatchDay> out) throws Exception {
        EventValidator validator = new EventValidator();
        List<InteractionEvent> events = new ArrayList<>();
        for (ObjectNode json : program.events()) {
            events.add(InteractionEvent.from(validator.validate(json, Instant.now()).event()));
        }
        CollectingSink<MatchDay> days = new CollectingSink<>();
        CollectingSink<LateEvent> lateSink = new CollectingSink<>();
        EngagementRiskJob job = new EngagementRiskJob(null, new EngagementRiskJob.Outputs(new DiscardingSink<>(),
                days, lateSink, new DiscardingSink<>()), EngagementRiskJob.Options.defaults().forReplay());
        // as read from the Kafka source, each record says its partition (one here): the job stamps it with the
        // partition's watermark, so that lateness is judged from the delivery order alone
        events.forEach(e -> e.logPartition = 0);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        // one source task keeps the delivery order; the rest of the job runs at parallelism 2
        job.attach(env.fromData(TypeInformation.of(InteractionEvent.class), events.toArray(InteractionEvent[]::new))
                .setParallelism(1).assignTimestampsAndWatermarks(job.watermarks()).setParallelism(1));
        env.execute("risk-scoring");
        out.addAll(days.values());
        return lateSink.values();
    }

    /** The row each match ends up with for the day: the newest one written. */
    static Map<String, MatchDay> rowsOn(LocalDate day, List<MatchDay> rows) {
        Map<String, MatchDay> newest = new HashMap<>();
        for (MatchDay row : rows) {
            if (row.localDay().equals(day)) {
                newest.merge(row.matchId, row, (a, b) -> b.version >= a.version ? b : a);
            }
        }
        return newest;
    }

    @Test
    void stallsExactlyWhereTheGroundTruthSaysAndFlagsTheTroubledArchetypes() {
        LocalDate day = program.evaluationDay();
        RiskModel risk = AnalyticsSettings.defaults().riskModel();
        int truePositives = 0;
        int falsePositives = 0;
        int falseNegatives = 0;
        for (PlantedMatch m : program.matches()) {
            MatchDay row = onDay.get(m.matchId());
            assertThat(row).as("a row for " + m.matchId() + " on " + day).isNotNull();
            assertThat(row.deleted).isFalse();
            assertThat(row.timezone).isEqualTo(m.zone().getId());
            assertThat(row.daysSinceTwoWayContact).as(m.matchId() + " " + m.archetype())
                    .isEqualTo((int) m.daysSilentAt(day));
            // stalled exactly where the ground truth says: silent for longer than the match's own threshold
            assertThat(row.level.equals("stalled")).as(m.matchId() + " " + m.archetype())
                    .isEqualTo(m.stalledAt(day, program.programId(), risk::stallThresholdDays));
            boolean flagged = row.level.equals("at_risk") || row.level.equals("stalled");
            boolean problem = PROBLEMS.contains(m.archetype());
            truePositives += flagged && problem ? 1 : 0;
            falsePositives += flagged && !problem ? 1 : 0;
            falseNegatives += !flagged && problem ? 1 : 0;
        }
        double precision = truePositives / (double) (truePositives + falsePositives);
        double recall = truePositives / (double) (truePositives + falseNegatives);
        Map<Archetype, Long> flaggedByArchetype = program.matches().stream()
                .filter(m -> Set.of("at_risk", "stalled").contains(onDay.get(m.matchId()).level))
                .collect(Collectors.groupingBy(PlantedMatch::archetype, Collectors.counting()));
        System.out.printf("Risk scoring on %d matches, %s: precision %.2f, recall %.2f (flagged by archetype: %s)%n",
                program.matches().size(), day, precision, recall, flaggedByArchetype);
        assertThat(precision).isGreaterThanOrEqualTo(0.95);
        assertThat(recall).isGreaterThanOrEqualTo(0.85);
    }

    @Test
    void aProgramWhosePairsAlsoChatIsMeasuredJustAsExactly() throws Exception {
        SyntheticProgram chatty = new SyntheticProgramGenerator(new SyntheticProgramGenerator.Options(6, 60, 90,
                LocalDate.of(2026, 3, 2), 35)).generate();
        List<MatchDay> rows = new ArrayList<>();
        assertThat(run(chatty, rows)).isEmpty();
        LocalDate day = chatty.evaluationDay();
        Map<String, MatchDay> chattyOnDay = rowsOn(day, rows);
        RiskModel risk = AnalyticsSettings.defaults().riskModel();
        for (PlantedMatch m : chatty.matches()) {
            MatchDay row = chattyOnDay.get(m.matchId());
            assertThat(row.daysSinceTwoWayContact).as(m.matchId()).isEqualTo((int) m.daysSilentAt(day));
            assertThat(row.level.equals("stalled")).as(m.matchId()).isEqualTo(m.stalledAt(day, chatty.programId(), risk::stallThresholdDays));
            if (m.archetype() == Archetype.healthy) {
                assertThat(row.medianAnswerHoursMentor != null || row.medianAnswerHoursMentee != null).isTrue();
                assertThat(row.twoWayDays28d).as(m.matchId()).isGreaterThan(5);
            }
        }
    }

    @Test
    void lateDataWithinTheAllowedLatenessIsAppliedNotSetAside() {
        assertThat(late).isEmpty();
        assertThat(program.matches().stream().filter(m -> m.archetype() == Archetype.late_data))
                .allSatisfy(m -> assertThat(onDay.get(m.matchId()).level).isIn("on_track", "watch"));
    }

    @Test
    void everyMetricFamilyIsFilledForAnEngagedMatch() {
        PlantedMatch healthy = program.matches().stream().filter(m -> m.archetype() == Archetype.healthy)
                .findFirst().orElseThrow();
        MatchDay d = onDay.get(healthy.matchId());
        assertThat(d.meetingEveryDays).isEqualTo(healthy.meetingEveryDays());
        assertThat(d.twoWayDaysTotal).isGreaterThanOrEqualTo(3);
        assertThat(d.threeConversations).isTrue();
        assertThat(d.cadenceAdherence56d).isNotNull().isPositive();
        assertThat(d.medianAnswerHoursMentor != null || d.medianAnswerHoursMentee != null).isTrue();
        assertThat(d.unansweredShare56d).isNotNull();
        assertThat(d.firstMeetingHeld).isTrue();
        assertThat(d.daysToFirstMeeting).isNotNull().isLessThanOrEqualTo(7);
        assertThat(d.offHoursShareMentor).isNotNull();
        assertThat(d.offHoursShareMentee).isNotNull();
        assertThat(d.surveysSent).isEqualTo(1);
        assertThat(d.goalsSet).isGreaterThanOrEqualTo(1);
        assertThat(d.kickoffAttended + d.midpointAttended + d.cohortSessionsMissed).isGreaterThan(0);
        assertThat(d.contactTrend6w).isNotNull();
        assertThat(java.util.Arrays.stream(d.factorPointArray).sum())
                .isCloseTo(d.score, org.assertj.core.data.Offset.offset(1.0));
    }
}
