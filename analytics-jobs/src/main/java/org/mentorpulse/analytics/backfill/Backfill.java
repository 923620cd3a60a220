package org.mentorpulse.analytics.backfill;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.mentorpulse.analytics.clickhouse.ClickHouseTarget;
import org.mentorpulse.analytics.config.AnalyticsSettings;
import org.mentorpulse.analytics.event.LogEnd;
import org.mentorpulse.analytics.job.EngagementRiskJob;
import org.mentorpulse.config.ConfigurationException;
import org.mentorpulse.config.Settings;
import org.mentorpulse.schema.Topics;
import org.mentorpulse.warehouse.ClickHouseConnections;
import org.mentorpulse.warehouse.RefreshedViews;
import org.mentorpulse.warehouse.ParticipantErasure;
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

    /**
     * Replays {@code topic} (canonical events) into {@code target}'s database, creating its tables first, on
     * {@code env} (a local environment, or a cluster's).
     */
    public static Result run(String kafkaBootstrap, String topic, ClickHouseTarget target,
            EngagementRiskJob.Options options, StreamExecutionEnvironment env, PrintStream out) {
        // read before the job, which stops at the end offsets of its start: later appends are in neither
        return run(kafkaBootstrap, topic, LogEnd.of(kafkaBootstrap, topic), target, options, env, out);
    }

    /**
     * With the log's end given: a replay that resumes from a checkpoint passes the end its first start read, since
     * the checkpoint holds that start's end offsets, not the log's end now.
     */
    public static Result run(String kafkaBootstrap, String topic, LogEnd end, ClickHouseTarget target,
            EngagementRiskJob.Options options, StreamExecutionEnvironment env, PrintStream out) {
        boolean ownDatabase = !SchemaMigrator.MAIN_DATABASE.equals(target.database());
        try (Connection c = open(target)) {
            new SchemaMigrator().migrate(c, target.database());
            if (ownDatabase) {
                RefreshedViews.stopPeriodic(c, target.database()); // refreshed once, below, when the replay is done
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare database " + target.database() + ": " + e.getMessage(), e);
        }
        new EngagementRiskJob(EngagementRiskJob.boundedReplaySource(kafkaBootstrap, topic),
                EngagementRiskJob.toClickHouse(target, kafkaBootstrap, options), options.forReplayOf(end)).build(env);
        out.printf("Replaying %s into %s (parallelism %d), evaluating the days ended by %s ...%n", topic,
                target.database(), env.getParallelism(), end.equals(LogEnd.EMPTY) ? "none (the log is empty)"
                        : java.time.Instant.ofEpochMilli(end.watermark(options.outOfOrderness())));
        JobExecutionResult result;
        try {
            result = env.execute("mentorpulse-backfill-" + target.database());
        } catch (Exception e) {
            throw new IllegalStateException("the replay failed: " + e.getMessage(), e);
        }
        double seconds = result.getNetRuntime(TimeUnit.MILLISECONDS) / 1000.0;
        String db = target.database();
        try (Connection c = open(target)) {
            // the job's sinks finished in no particular order: the erasures are enforced once all have written
            ParticipantErasure.apply(c, db);
            // and the latest days and roll-ups are taken from the finished rows, not left to the next minute's refresh
            RefreshedViews.refreshAll(c, db);
            if (ownDatabase) {
                RefreshedViews.stopPeriodic(c, db);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot finish " + db + " (erasures, refreshed roll-ups): "
                    + e.getMessage(), e);
        }
        try (Connection c = open(target); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT (SELECT count() FROM " + db + ".events FINAL), "
                        + "(SELECT count() FROM " + db + ".match_daily FINAL)")) {
            rs.next();
            Result done = new Result(rs.getLong(1), rs.getLong(2), seconds);
            out.printf("Done in %.1f s: %,d events and %,d match days in %s%n", seconds, done.events(), done.days(), db);
            return done;
        } catch (SQLException e) {
            throw new IllegalStateException("the replay ran, but its tables cannot be read: " + e.getMessage(), e);
        }
    }

    private static Connection open(ClickHouseTarget target) throws SQLException {
        return ClickHouseConnections.open(target.jdbcUrl(), target.user(), target.password());
    }

    /**
     * A backfill on a Flink cluster ({@code flink run -c org.mentorpulse.analytics.backfill.Backfill JOB_JAR
     * --kafka.bootstrap-servers ... --clickhouse.url ... [--into DATABASE]}): the canonical log into the live
     * tables, or into {@code --into}.
     */
    public static void main(String[] args) {
        String database = ClickHouseTarget.DEFAULT_DATABASE;
        java.util.List<String> rest = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--into") && i + 1 < args.length) {
                database = args[++i];
            } else {
                rest.add(args[i]);
            }
        }
        AnalyticsSettings settings;
        try {
            settings = AnalyticsSettings.from(Settings.fromCommandLine(AnalyticsSettings.LAYOUT,
                    rest.toArray(String[]::new)));
            if (settings.kafkaBootstrapServers().isEmpty() || settings.clickhouseUrl().isEmpty()) {
                throw new ConfigurationException("set kafka.bootstrap-servers and clickhouse.url");
            }
            EngagementRiskJob.Options.from(settings).requirePseudonyms(); // the research table's sink needs the key
        } catch (ConfigurationException e) {
            System.err.println("mentorpulse backfill: " + e.getMessage());
            System.exit(2);
            return;
        }
        run(settings.kafkaBootstrapServers(), Topics.EVENTS, new ClickHouseTarget(settings.clickhouseUrl(),
                settings.clickhouseUser(), settings.clickhousePassword(), database),
                EngagementRiskJob.Options.from(settings), StreamExecutionEnvironment.getExecutionEnvironment(),
                System.out);
    }
}
