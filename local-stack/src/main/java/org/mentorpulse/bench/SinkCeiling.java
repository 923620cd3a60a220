package org.mentorpulse.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.mentorpulse.analytics.config.AnalyticsSettings;
import org.mentorpulse.analytics.engagement.EngagementCalculator;
import org.mentorpulse.analytics.engagement.MatchDay;
import org.mentorpulse.analytics.engagement.MatchHistory;
import org.mentorpulse.analytics.event.InteractionEvent;
import org.mentorpulse.analytics.job.EngagementRiskJob;
import org.mentorpulse.analytics.outcomes.MatchOutcome;
import org.mentorpulse.analytics.risk.RiskModel;
import org.mentorpulse.ingestion.validation.EventValidator;
import org.mentorpulse.pipeline.LocalFlink;
import org.mentorpulse.stack.Directories;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.testkit.generator.SyntheticProgramGenerator;
import org.mentorpulse.warehouse.RefreshedViews;
import org.mentorpulse.warehouse.SchemaMigrator;

/**
 * Baseline (b) of the replay benchmark, the sink ceiling: the engagement job's own source and sinks, and as many
 * rows as the job wrote to each table, of the same width and content (copies of a real day row and a real
 * outcome, with their keys varied), with no computation in between. What the job costs beyond this is its own.
 */
final class SinkCeiling {
    private SinkCeiling() {}

    /** Seconds of net run time writing {@code matchDays} day rows and {@code outcomes} outcome rows. */
    static double run(Endpoints endpoints, Path stateDir, String topic, EngagementRiskJob.Options options,
            int parallelism, String database, long events, long matchDays, long outcomes) throws Exception {
        try (Connection c = endpoints.openClickHouse()) {
            new SchemaMigrator().migrate(c, database);
            RefreshedViews.stopPeriodic(c, database); // its rows are only counted; nothing reads the roll-ups
        }
        Path checkpoints = stateDir.resolve("flink-checkpoints-bench");
        StreamExecutionEnvironment env = LocalFlink.environment(parallelism, checkpoints, Duration.ofSeconds(10));
        EngagementRiskJob.Outputs sinks = EngagementRiskJob.toClickHouse(endpoints.pipelineTarget(database),
                endpoints.kafkaBootstrap(), options);
        DataStream<InteractionEvent> read = env.fromSource(EngagementRiskJob.boundedReplaySource(
                endpoints.kafkaBootstrap(), topic),
                EngagementRiskJob.watermarks(options.forReplay()), "canonical-events")
                .filter(InteractionEvent::isEvent);
        read.sinkTo(sinks.events());
        SingleOutputStreamOperator<MatchDay> days = read.process(new SameShapeRows(
                matchDays / (double) events, outcomes / (double) events));
        days.sinkTo(sinks.days());
        days.getSideOutput(SameShapeRows.OUTCOMES).sinkTo(sinks.outcomes());
        try {
            return env.execute("bench-sink-ceiling").getNetRuntime(TimeUnit.MILLISECONDS) / 1000.0;
        } finally {
            Directories.deleteTree(checkpoints);
        }
    }

    /** For each event, its share of the rows: a day row and an outcome copied from real ones, keys varied. */
    static final class SameShapeRows extends ProcessFunction<InteractionEvent, MatchDay> {
        private static final long serialVersionUID = 1L;
        static final OutputTag<MatchOutcome> OUTCOMES = new OutputTag<>("same-shape-outcomes") {};
        private final double daysPerEvent;
        private final double outcomesPerEvent;
        private transient MatchDay day;
        private transient MatchOutcome outcome;
        private transient double dayCredit;
        private transient double outcomeCredit;
        private transient long rows;
        private transient String prefix;

        SameShapeRows(double daysPerEvent, double outcomesPerEvent) {
            this.daysPerEvent = daysPerEvent;
            this.outcomesPerEvent = outcomesPerEvent;
        }

        @Override
        public void open(OpenContext context) {
            // a real match's history from the generator, on its 60th day
            var program = new SyntheticProgramGenerator(new SyntheticProgramGenerator.Options(7, 5, 90,
                    LocalDate.of(2026, 3, 2))).generate();
            EventValidator validator = new EventValidator();
            MatchHistory history = new MatchHistory();
            String match = program.matches().get(0).matchId();
            program.events().stream()
                    .map(e -> InteractionEvent.from(validator.validate(e, java.time.Instant.now()).event()))
                    .filter(e -> match.equals(e.matchId))
                    .forEach(history::apply);
            RiskModel risk = AnalyticsSettings.defaults().riskModel();
            day = EngagementCalculator.evaluate(history, (int) program.start().plusDays(60).toEpochDay(),
                    risk.forProgram(history.programId).defaultMeetingEveryDays());
            risk.assess(day);
            outcome = MatchOutcome.asOf(history, day);
            prefix = "ceiling-" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() + "-";
        }

        @Override
        public void processElement(InteractionEvent e, Context ctx, Collector<MatchDay> out) {
            for (dayCredit += daysPerEvent; dayCredit >= 1; dayCredit--) {
                rows++;
                day.matchId = prefix + rows / 90;
                day.day = 20_000 + (int) (rows % 90);
                day.version = rows;
                out.collect(day);
            }
            for (outcomeCredit += outcomesPerEvent; outcomeCredit >= 1; outcomeCredit--) {
                rows++;
                outcome.matchId = prefix + rows;
                outcome.version = rows;
                ctx.output(OUTCOMES, outcome);
            }
        }
    }
}
