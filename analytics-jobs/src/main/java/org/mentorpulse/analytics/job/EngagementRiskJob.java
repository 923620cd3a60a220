package org.mentorpulse.analytics.job;

import java.sql.Connection;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.mentorpulse.analytics.alerts.AlertsJob;
import org.mentorpulse.analytics.clickhouse.ClickHouseSink;
import org.mentorpulse.analytics.clickhouse.ClickHouseTarget;
import org.mentorpulse.analytics.clickhouse.EventsTable;
import org.mentorpulse.analytics.clickhouse.MatchDailyTable;
import org.mentorpulse.analytics.clickhouse.RefusedRows;
import org.mentorpulse.analytics.config.AnalyticsSettings;
import org.mentorpulse.config.ConfigurationException;
import org.mentorpulse.config.Settings;
import org.mentorpulse.analytics.daily.DailyMatchEvaluation;
import org.mentorpulse.analytics.engagement.MatchDay;
import org.mentorpulse.analytics.erasure.ErasureSink;
import org.mentorpulse.analytics.event.InteractionEvent;
import org.mentorpulse.analytics.event.InteractionEventDeserializer;
import org.mentorpulse.analytics.event.LogEnd;
import org.mentorpulse.analytics.event.LogWatermarkStamping;
import org.mentorpulse.analytics.late.LateEvent;
import org.mentorpulse.analytics.late.LateEventsTable;
import org.mentorpulse.analytics.outcomes.MatchOutcome;
import org.mentorpulse.analytics.outcomes.MatchOutcomesTable;
import org.mentorpulse.analytics.outcomes.Pseudonyms;
import org.mentorpulse.analytics.participant.ParticipantRouting;
import org.mentorpulse.analytics.rejected.RejectedEventsJob;
import org.mentorpulse.analytics.risk.RiskChanges;
import org.mentorpulse.analytics.risk.RiskModel;
import org.mentorpulse.schema.EventTypes;
import org.mentorpulse.schema.Topics;
import org.mentorpulse.warehouse.ClickHouseConnections;
import org.mentorpulse.warehouse.SchemaMigrator;

/**
 * The engagement and risk job: canonical events in; the events table, each match's daily metrics and risk
 * ({@code match_daily}, whose risk columns the {@code match_risk} view shows) and late events
 * ({@code late_events}) out.
 *
 * <pre>
 *   events ──┬─ (not clock ticks) ──────────────────────────────────────> events table
 *            ├─ participant.erased ─────────────────────────────────────> erasures (ParticipantErasure)
 *            ├─ per participant ─> ParticipantRouting (zones, cohort sessions) ─┐
 *            └─ match-scoped ───────────────────────────────────────────────────┴─> by match ─> DailyMatchEvaluation
 *                                                                          ├─> match_daily (and match_risk)
 *                                                                          ├─> (outcomes) research match_outcomes
 *                                                                          └─> (late) late_events
 * </pre>
 *
 * The source and sinks are injected, so tests run the same pipeline on collections; {@link #kafkaSource},
 * {@link #boundedReplaySource} and {@link #toClickHouse} build the production IO. Every operator has a uid,
 * so savepoints survive upgrades.
 */
public final class EngagementRiskJob {
    public static final String CONSUMER_GROUP = "mentorpulse-analytics";

    /**
     * @param outOfOrderness how far behind the newest event a straggler may be and still count as on time
     * @param idleness after how long without records (clock ticks included) a partition stops holding the
     *     watermark back
     * @param allowedLateness how long after a day ends late events may still correct it
     * @param replay the input is bounded and read as fast as possible: move watermarks with the records
     *     ({@link EveryEventWatermarks}) rather than on a periodic tick
     */
    /**
     * @param pseudonyms the keyed pseudonyms of the research table; null where nothing is written there (the
     *     ClickHouse outputs then refuse to be built, naming the setting)
     */
    /**
     * @param logEnd a bounded replay's watermark at the end of its log ({@link LogEnd}): the last days it
     *     evaluates; null otherwise
     */
    public record Options(Duration outOfOrderness, Duration idleness, Duration allowedLateness, RiskModel riskModel,
            boolean replay, Pseudonyms pseudonyms, Long logEnd) {
        public static Options from(AnalyticsSettings settings) {
            return new Options(settings.outOfOrderness(), settings.idleness(), settings.allowedLateness(),
                    settings.riskModel(), false, settings.pseudonyms(), null);
        }

        public static Options defaults() {
            return from(AnalyticsSettings.defaults());
        }

        public Options forReplay() {
            return new Options(outOfOrderness, idleness, allowedLateness, riskModel, true, pseudonyms, logEnd);
        }

        /** A bounded replay of a log that ends at {@code logEnd} (a watermark). */
        public Options forReplayOf(LogEnd end) {
            return new Options(outOfOrderness, idleness, allowedLateness, riskModel, true, pseudonyms,
                    end.watermark(outOfOrderness));
        }

        /** The pseudonyms, or the error that says which setting is missing. */
        public Pseudonyms requirePseudonyms() {
            return pseudonyms != null ? pseudonyms : Pseudonyms.of("", "");
        }
    }

    /**
     * Where the job writes. {@code deadLetters} receives the log records the job could not read
     * ({@link InteractionEvent#isUndecodable}), each carrying its dead letter. {@code risk} receives every day's
     * risk for the alerting app ({@link RiskChanges}); null where nothing may be alerted, as in a replay, which
     * must not alert again for the past.
     */
    public record Outputs(Sink<InteractionEvent> events, Sink<MatchDay> days, Sink<LateEvent> late,
            Sink<InteractionEvent> deadLetters, Sink<MatchDay> risk, Sink<MatchOutcome> outcomes,
            Sink<InteractionEvent> erasures) {
        public Outputs(Sink<InteractionEvent> events, Sink<MatchDay> days, Sink<LateEvent> late,
                Sink<InteractionEvent> deadLetters) {
            this(events, days, late, deadLetters, null, null, null);
        }

        Outputs withRisk(Sink<MatchDay> risk) {
            return new Outputs(events, days, late, deadLetters, risk, outcomes, erasures);
        }

        /** The research outcomes ({@link DailyMatchEvaluation#OUTCOMES}) go here too. */
        public Outputs withOutcomes(Sink<MatchOutcome> outcomes) {
            return new Outputs(events, days, late, deadLetters, risk, outcomes, erasures);
        }

        /** The {@code participant.erased} events go here too, to be carried out ({@link ErasureSink}). */
        public Outputs withErasures(Sink<InteractionEvent> erasures) {
            return new Outputs(events, days, late, deadLetters, risk, outcomes, erasures);
        }
    }

    private final Source<InteractionEvent, ?, ?> source;
    private final Outputs outputs;
    private final Options options;

    public EngagementRiskJob(Source<InteractionEvent, ?, ?> source, Outputs outputs, Options options) {
        this.source = source;
        this.outputs = outputs;
        this.options = options;
    }

    /** Adds the pipeline to the environment; the caller decides how to execute it. */
    public void build(StreamExecutionEnvironment env) {
        attach(env.fromSource(source, watermarks(), "canonical-events").uid("canonical-events-source"));
    }

    /** Event time from the event itself; watermarks from the records, their clock ticks included. */
    public WatermarkStrategy<InteractionEvent> watermarks() {
        return watermarks(options);
    }

    /**
     * Bounded out-of-orderness, per Kafka partition. Silent matches must still be evaluated every day, so the
     * watermark must keep moving when no event comes: the deduplicator writes a clock tick to every partition
     * of the log every few seconds ({@link org.mentorpulse.schema.LogClock}), carrying the newest event time
     * plus the quiet time since. Ticks keep partitions that few matches hash to level with the others, and let
     * days pass at night. Idleness covers a partition that receives nothing at all (no deduplicator running):
     * after {@code idleness} it stops holding the others back.
     */
    public static WatermarkStrategy<InteractionEvent> watermarks(Options options) {
        Duration bound = options.outOfOrderness();
        return (options.replay()
                ? WatermarkStrategy.<InteractionEvent>forGenerator(context -> new EveryEventWatermarks<>(bound))
                : WatermarkStrategy.<InteractionEvent>forBoundedOutOfOrderness(bound).withIdleness(options.idleness()))
                .withTimestampAssigner((event, kafkaTimestamp) -> event.eventTime);
    }

    /**
     * The pipeline after the source, on a stream that already carries timestamps and watermarks: what
     * {@link #build} uses, and what tests use to feed events in an exact delivery order.
     */
    public void attach(DataStream<InteractionEvent> read) {
        // The stateless steps run at the source's parallelism, chained to it, so that each key's events reach
        // the keyed stages in the order of their Kafka partition (a rebalance in between would shuffle them).
        int sourceParallelism = read.getParallelism();
        DataStream<InteractionEvent> events = read.map(new LogWatermarkStamping(options.outOfOrderness()))
                .name("log-watermarks").uid("log-watermarks").setParallelism(sourceParallelism);
        events.filter(InteractionEvent::isEvent).name("events-not-clock-ticks").uid("events-not-clock-ticks")
                .setParallelism(sourceParallelism)
                .sinkTo(outputs.events()).name("events-to-clickhouse").uid("events-sink");
        if (outputs.erasures() != null) {
            events.filter(e -> e.is(EventTypes.PARTICIPANT_ERASED)).name("erasures").uid("erasures")
                    .setParallelism(sourceParallelism)
                    .sinkTo(outputs.erasures()).name("erasures-in-clickhouse").uid("erasures-sink").setParallelism(1);
        }
        DataStream<InteractionEvent> undecodable = events.filter(InteractionEvent::isUndecodable)
                .name("undecodable-records").uid("undecodable-records").setParallelism(sourceParallelism);

        DataStream<InteractionEvent> participantFacts = events
                .flatMap(new PerParticipant()).name("per-participant").uid("per-participant")
                .setParallelism(sourceParallelism)
                .keyBy(e -> e.actorId)
                .process(new ParticipantRouting()).name("participant-routing").uid("participant-routing");

        SingleOutputStreamOperator<MatchDay> days = events
                .filter(e -> e.matchId != null && !e.isParticipantScoped()).name("match-scoped-events")
                .uid("match-scoped-events").setParallelism(sourceParallelism)
                .union(participantFacts)
                .keyBy(e -> e.matchId)
                .process(new DailyMatchEvaluation(options.riskModel(), options.allowedLateness(),
                        options.allowedLateness().plusDays(1), options.logEnd()))
                .name("daily-match-evaluation").uid("daily-match-evaluation");

        days.sinkTo(outputs.days()).name("match-daily-to-clickhouse").uid("match-daily-sink");
        if (outputs.risk() != null) {
            days.filter(d -> !d.deleted).name("days-not-withdrawn").uid("days-not-withdrawn")
                    .sinkTo(outputs.risk()).name("risk-to-kafka").uid("risk-sink");
        }
        if (outputs.outcomes() != null) {
            days.getSideOutput(DailyMatchEvaluation.OUTCOMES).sinkTo(outputs.outcomes())
                    .name("match-outcomes-to-clickhouse").uid("match-outcomes-sink");
        }
        days.getSideOutput(DailyMatchEvaluation.LATE).sinkTo(outputs.late()).name("late-events-to-clickhouse")
                .uid("late-events-sink");
        undecodable.union(days.getSideOutput(DailyMatchEvaluation.UNPROCESSABLE))
                .sinkTo(outputs.deadLetters()).name("dead-letters").uid("dead-letters-sink");
    }

    /** Splits match.created into one copy per participant, and passes participant events on. */
    static final class PerParticipant implements FlatMapFunction<InteractionEvent, InteractionEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(InteractionEvent e, Collector<InteractionEvent> out) {
            ParticipantRouting.perParticipant(e).forEach(out::collect);
        }
    }

    /**
     * @param replayFromStart read the whole log instead of resuming at the committed offsets. A job started
     *     without its checkpointed state must replay: resuming mid-log with empty state would forget every
     *     match's history. Results are identical either way, because rows are keyed and replace each other.
     */
    public static KafkaSource<InteractionEvent> kafkaSource(String bootstrapServers, boolean replayFromStart) {
        return KafkaSource.<InteractionEvent>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(Topics.EVENTS)
                .setGroupId(CONSUMER_GROUP)
                .setStartingOffsets(replayFromStart ? OffsetsInitializer.earliest()
                        : OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new InteractionEventDeserializer())
                .setProperty("isolation.level", "read_committed")
                .setProperty("partition.discovery.interval.ms", "60000")
                .build();
    }

    /**
     * The whole log as it is now, read once from the beginning and then finished: a replay or backfill. It uses
     * a consumer group of its own and commits nothing, so the live job's position is untouched.
     */
    public static Source<InteractionEvent, ?, ?> boundedReplaySource(String bootstrapServers) {
        return boundedReplaySource(bootstrapServers, Topics.EVENTS);
    }

    public static Source<InteractionEvent, ?, ?> boundedReplaySource(String bootstrapServers, String topic) {
        return new RestorableBoundedKafkaSource<>(KafkaSource.<InteractionEvent>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(CONSUMER_GROUP + "-replay")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setDeserializer(new InteractionEventDeserializer())
                .setProperty("isolation.level", "read_committed")
                .setProperty("commit.offsets.on.checkpoint", "false")
                .build());
    }

    /**
     * The ClickHouse tables of the job, in the target's database, for a replay: the records it cannot read were
     * dead-lettered by the live job already, so here they are only logged and counted.
     */
    public static Outputs toClickHouse(ClickHouseTarget clickhouse, String bootstrapServers, Options options) {
        return toClickHouse(clickhouse, bootstrapServers, options, new LoggedDeadLetters());
    }

    /**
     * The live job's outputs: the ClickHouse tables, the dead-letter topic for records it cannot read, and each
     * day's risk on {@link Topics#RISK_LOG} for the alerting app (at least once: a repeated day changes nothing
     * there).
     */
    public static Outputs toClickHouseAndDeadLetters(ClickHouseTarget clickhouse, String bootstrapServers,
            Options options) {
        return toClickHouse(clickhouse, bootstrapServers, options, KafkaSink.<InteractionEvent>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(new DeadLetterRecords())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build()).withRisk(KafkaSink.<MatchDay>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(new RiskChanges.Records())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build());
    }

    /** Rows ClickHouse refuses for good go to the dead-letter topic, live and in a replay alike. */
    private static Outputs toClickHouse(ClickHouseTarget clickhouse, String bootstrapServers, Options options,
            Sink<InteractionEvent> deadLetters) {
        RefusedRows refused = RefusedRows.toDeadLetterTopic(bootstrapServers);
        MatchOutcomesTable outcomes = new MatchOutcomesTable(options.requirePseudonyms());
        return new Outputs(new ClickHouseSink<>(clickhouse, new EventsTable(), refused),
                new ClickHouseSink<>(clickhouse, new MatchDailyTable(), refused),
                new ClickHouseSink<>(clickhouse, new LateEventsTable(), refused), deadLetters)
                .withOutcomes(new ClickHouseSink<>(clickhouse, outcomes, refused))
                .withErasures(new ErasureSink(clickhouse));
    }

    public static EngagementRiskJob onKafkaAndClickHouse(String bootstrapServers, boolean replayFromStart,
            ClickHouseTarget clickhouse, Options options) {
        return new EngagementRiskJob(kafkaSource(bootstrapServers, replayFromStart),
                toClickHouseAndDeadLetters(clickhouse, bootstrapServers, options), options);
    }

    /** An undecodable record's dead letter, as a record of the dead-letter topic. */
    static final class DeadLetterRecords implements KafkaRecordSerializationSchema<InteractionEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public ProducerRecord<byte[], byte[]> serialize(InteractionEvent e, KafkaSinkContext context, Long timestamp) {
            return new ProducerRecord<>(Topics.DEAD_LETTERS, null,
                    e.deadLetter.getBytes(java.nio.charset.StandardCharsets.UTF_8)); // already the letter's JSON
        }
    }

    /**
     * Checkpoints, and object reuse: every operator of these jobs makes new records and none changes a record it
     * received (but {@link LogWatermarkStamping}, the source's only consumer), so chained operators may pass
     * records on instead of copying them (a MatchDay would otherwise be deep-copied, maps and all, on its way to
     * the sink).
     */
    public static void configure(StreamExecutionEnvironment env, Duration checkpointInterval) {
        env.enableCheckpointing(checkpointInterval.toMillis());
        env.getConfig().enableObjectReuse();
    }

    /**
     * Entry point for a Flink cluster ({@code flink run}): settings from {@code --config FILE}, the environment
     * and {@code --key value} arguments (e.g. {@code --kafka.bootstrap-servers kafka:9092 --clickhouse.url
     * jdbc:clickhouse:http://clickhouse:8123}). Applies the ClickHouse migrations first, so the tables the job
     * writes exist, then runs the engagement job and the dead-letter job.
     */
    public static void main(String[] args) throws Exception {
        AnalyticsSettings settings;
        try {
            settings = AnalyticsSettings.from(Settings.fromCommandLine(AnalyticsSettings.LAYOUT, args));
            if (settings.kafkaBootstrapServers().isEmpty() || settings.clickhouseUrl().isEmpty()) {
                throw new ConfigurationException("set kafka.bootstrap-servers and clickhouse.url (in --config FILE, "
                        + "as MENTORPULSE_KAFKA_BOOTSTRAP_SERVERS / MENTORPULSE_CLICKHOUSE_URL, or as --key value)");
            }
            Options.from(settings).requirePseudonyms(); // the research table's sink needs the key: say so first
        } catch (ConfigurationException e) {
            System.err.println("mentorpulse analytics: " + e.getMessage());
            System.exit(2);
            return;
        }
        ClickHouseTarget target = new ClickHouseTarget(settings.clickhouseUrl(), settings.clickhouseUser(),
                settings.clickhousePassword());
        try (Connection c = ClickHouseConnections.open(target.jdbcUrl(), target.user(), target.password())) {
            new SchemaMigrator().migrate(c);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        configure(env, settings.checkpointInterval());
        // On a cluster the job restores from its checkpoints or a savepoint, so it resumes at committed offsets.
        onKafkaAndClickHouse(settings.kafkaBootstrapServers(), false, target, Options.from(settings)).build(env);
        RejectedEventsJob.onKafkaAndClickHouse(settings.kafkaBootstrapServers(), false, target).build(env);
        AlertsJob.build(env, settings.kafkaBootstrapServers(), false, target);
        env.execute("mentorpulse-engagement-risk");
    }
}
