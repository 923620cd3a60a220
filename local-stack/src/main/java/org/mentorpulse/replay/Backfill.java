package org.mentorpulse.replay;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.mentorpulse.analytics.clickhouse.ClickHouseTarget;
import org.mentorpulse.analytics.job.EngagementRiskJob;
import org.mentorpulse.pipeline.LocalFlink;
import org.mentorpulse.schema.Topics;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.stack.StackException;
import org.mentorpulse.warehouse.SchemaMigrator;

/**
 * Runs the engagement job bounded over the whole log as it is now: a replay into a database of its own (to
 * compare, or to try other risk settings), or a backfill into the live tables. A backfill rewrites the days
 * that events beyond the allowed lateness could not correct (see {@code mentorpulse.late_events}); its rows
 * carry newer versions, so they replace the stale ones. The live pipeline can keep running meanwhile.
 */
public final class Backfill {
    private Backfill() {}

    public record Result(long events, long days, double seconds) {}

    /** The canonical log into {@code database}. */
    public static Result run(Endpoints endpoints, Path stateDir, EngagementRiskJob.Options options,
            String database, int parallelism, PrintStream out) {
        return run(endpoints, stateDir, options, Topics.EVENTS, database, parallelism, out);
    }

    /** Any topic holding canonical events (the benchmark's) into {@code database}. */
    public static Result run(Endpoints endpoints, Path stateDir, EngagementRiskJob.Options options, String topic,
            String database, int parallelism, PrintStream out) {
        try (Connection c = endpoints.openClickHouse()) {
            new SchemaMigrator().migrate(c, database);
        } catch (SQLException e) {
            throw new StackException("cannot prepare database " + database + ": " + e.getMessage(), e);
        }
        ClickHouseTarget target = new ClickHouseTarget(endpoints.clickhouseJdbcUrl(), endpoints.clickhouseUser(),
                endpoints.clickhousePassword(), database);
        StreamExecutionEnvironment env = LocalFlink.environment(parallelism,
                stateDir.resolve("flink-checkpoints-replay"), Duration.ofSeconds(30));
        new EngagementRiskJob(EngagementRiskJob.boundedReplaySource(endpoints.kafkaBootstrap(), topic,
                options.outOfOrderness()),
                EngagementRiskJob.toClickHouse(target), options.forReplay()).build(env);
        out.printf("Replaying %s into %s (parallelism %d) ...%n", topic, database, parallelism);
        JobExecutionResult result;
        try {
            result = env.execute("mentorpulse-backfill-" + database);
        } catch (Exception e) {
            throw new StackException("the replay failed: " + e.getMessage(), e);
        }
        double seconds = result.getNetRuntime(TimeUnit.MILLISECONDS) / 1000.0;
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT (SELECT count() FROM " + database + ".events FINAL), "
                        + "(SELECT count() FROM " + database + ".match_daily FINAL)")) {
            rs.next();
            Result done = new Result(rs.getLong(1), rs.getLong(2), seconds);
            out.printf("Done in %.1f s: %,d events and %,d match days in %s%n", seconds, done.events(), done.days(),
                    database);
            return done;
        } catch (SQLException e) {
            throw new StackException("the replay ran, but its tables cannot be read: " + e.getMessage(), e);
        }
    }
}
