package org.mentorpulse.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
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
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        EngagementRiskJob.configure(env, interval);
        return env;
    }
}
