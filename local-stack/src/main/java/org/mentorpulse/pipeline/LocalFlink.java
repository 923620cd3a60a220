package org.mentorpulse.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.mentorpulse.stack.StackException;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.mentorpulse.analytics.job.EngagementRiskJob;

/**
 * The Flink MiniCluster of the local pipeline and of replays. Checkpoints go to files under the stack's state
 * directory: Flink's default keeps them in the JobManager's memory, which refuses state over a few megabytes,
 * and a program of some thousands of matches has more than that.
 */
public final class LocalFlink {
    private LocalFlink() {}

    public static StreamExecutionEnvironment environment(int parallelism, Path checkpoints, Duration interval) {
        return environment(parallelism, checkpoints, interval, null);
    }

    /**
     * With {@code restoreFrom} (a completed checkpoint's directory), the job starts from that checkpoint's state
     * and positions; it takes the checkpoint over, so Flink deletes it once a newer one is complete.
     */
    public static StreamExecutionEnvironment environment(int parallelism, Path checkpoints, Duration interval,
            Path restoreFrom) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        if (restoreFrom != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom.toUri().toString());
            conf.set(StateRecoveryOptions.RESTORE_MODE, RecoveryClaimMode.CLAIM);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        EngagementRiskJob.configure(env, interval);
        return env;
    }

    /**
     * The newest completed checkpoint under {@code checkpoints} (Flink writes {@code <job id>/chk-<n>/_metadata}
     * last, so a directory without it is a checkpoint that never completed), or null. A job restored from
     * checkpoint n numbers its own from n + 1 under a new job id, so the highest number is the newest.
     */
    public static Path latestCompletedCheckpoint(Path checkpoints) {
        if (!Files.isDirectory(checkpoints)) {
            return null;
        }
        try (Stream<Path> found = Files.find(checkpoints, 2, (path, attributes) -> attributes.isDirectory()
                && path.getFileName().toString().matches("chk-\\d+") && Files.exists(path.resolve("_metadata")))) {
            return found.max(Comparator.comparingLong(
                    (Path path) -> Long.parseLong(path.getFileName().toString().substring(4)))).orElse(null);
        } catch (IOException | UncheckedIOException e) {
            throw new StackException("cannot read the checkpoints in " + checkpoints + ": " + e.getMessage(), e);
        }
    }
}
