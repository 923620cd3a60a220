package org.mentorpulse.analytics.job;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.mentorpulse.analytics.clickhouse.ClickHouseSink;
import org.mentorpulse.analytics.clickhouse.ClickHouseTarget;
import org.mentorpulse.analytics.clickhouse.EventsTable;
import org.mentorpulse.analytics.clickhouse.MatchRiskTable;
import org.mentorpulse.analytics.event.InteractionEvent;
import org.mentorpulse.analytics.event.InteractionEventDeserializer;
import org.mentorpulse.analytics.rejected.RejectedEventsJob;
import org.mentorpulse.analytics.risk.CommitmentRiskFunction;
import org.mentorpulse.analytics.risk.MatchRiskRow;
import org.mentorpulse.analytics.risk.StallPolicy;
import org.mentorpulse.schema.Topics;

/**
 * The engagement and risk job: canonical events in, per-match daily risk rows and the event table out.
 * The source and sinks are injected, so tests run the same pipeline on collections; {@link #kafkaSource} and
 * {@link #clickHouse} build the production IO.
 */
public final class EngagementRiskJob {
    public static final String CONSUMER_GROUP = "mentorpulse-analytics";

    /**
     * @param outOfOrderness how far behind the newest event a straggler may be and still count as on time
     * @param idleness after how long without records a source split stops holding the watermark back
     * @param replay the input is bounded and read as fast as possible: move watermarks with the records
     *     ({@link EveryEventWatermarks}) rather than on a clock tick
     */
    public record Options(Duration outOfOrderness, Duration idleness, StallPolicy policy, boolean replay) {
        public static Options defaults() {
            return new Options(Duration.ofHours(1), Duration.ofSeconds(10), StallPolicy.defaults(), false);
        }

        public Options forReplay() {
            return new Options(outOfOrderness, idleness, policy, true);
        }
    }

    private final Source<InteractionEvent, ?, ?> source;
    private final Sink<InteractionEvent> eventSink;
    private final Sink<MatchRiskRow> riskSink;
    private final Options options;

    public EngagementRiskJob(Source<InteractionEvent, ?, ?> source, Sink<InteractionEvent> eventSink,
            Sink<MatchRiskRow> riskSink, Options options) {
        this.source = source;
        this.eventSink = eventSink;
        this.riskSink = riskSink;
        this.options = options;
    }

    /** Adds the pipeline to the environment; the caller decides how to execute it. */
    public void build(StreamExecutionEnvironment env) {
        Duration bound = options.outOfOrderness();
        WatermarkStrategy<InteractionEvent> watermarks = (options.replay()
                ? WatermarkStrategy.<InteractionEvent>forGenerator(context -> new EveryEventWatermarks<>(bound))
                : WatermarkStrategy.<InteractionEvent>forBoundedOutOfOrderness(bound))
                .withTimestampAssigner((event, kafkaTimestamp) -> event.eventTime)
                .withIdleness(options.idleness());
        DataStream<InteractionEvent> events = env.fromSource(source, watermarks, "canonical-events")
                .uid("canonical-events-source");

        events.sinkTo(eventSink).name("events-to-clickhouse").uid("events-sink");

        // participant and cohort events belong to no match; the risk of a match is computed from its own events
        events.filter(e -> e.matchId != null).name("match-scoped-events").uid("match-scoped-events")
                .keyBy(e -> e.matchId)
                .process(new CommitmentRiskFunction(options.policy()))
                .name("commitment-risk").uid("commitment-risk")
                .sinkTo(riskSink).name("match-risk-to-clickhouse").uid("match-risk-sink");
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
    public static KafkaSource<InteractionEvent> boundedReplaySource(String bootstrapServers) {
        return KafkaSource.<InteractionEvent>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(Topics.EVENTS)
                .setGroupId(CONSUMER_GROUP + "-replay")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setDeserializer(new InteractionEventDeserializer())
                .setProperty("isolation.level", "read_committed")
                .setProperty("commit.offsets.on.checkpoint", "false")
                .build();
    }

    public static EngagementRiskJob onKafkaAndClickHouse(String bootstrapServers, boolean replayFromStart,
            ClickHouseTarget clickhouse, Options options) {
        return new EngagementRiskJob(kafkaSource(bootstrapServers, replayFromStart),
                new ClickHouseSink<>(clickhouse, new EventsTable(), 5000, 5),
                new ClickHouseSink<>(clickhouse, new MatchRiskTable(), 5000, 5), options);
    }

    public static void configure(StreamExecutionEnvironment env, Duration checkpointInterval) {
        env.enableCheckpointing(checkpointInterval.toMillis());
    }

    /** Entry point for a Flink cluster ({@code flink run}): bootstrap servers and ClickHouse JDBC URL. */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: EngagementRiskJob <kafka-bootstrap-servers> <clickhouse-jdbc-url> [user] [password]");
            System.exit(2);
        }
        ClickHouseTarget target = new ClickHouseTarget(args[1], args.length > 2 ? args[2] : "default",
                args.length > 3 ? args[3] : "");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        configure(env, Duration.ofSeconds(10));
        // On a cluster the job restores from its checkpoints or a savepoint, so it resumes at committed offsets.
        onKafkaAndClickHouse(args[0], false, target, Options.defaults()).build(env);
        RejectedEventsJob.onKafkaAndClickHouse(args[0], false, target).build(env);
        env.execute("mentorpulse-engagement-risk");
    }
}
