package org.mentorpulse.analytics.job;

import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.KafkaSourceEnumState;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A bounded {@link KafkaSource} that also finishes after it was restored from a checkpoint.
 *
 * <p>The connector (5.0.0) does not: a restored enumerator finds every partition already assigned, so it never
 * tells the readers that no more splits will come, and they wait forever at their stopping offsets (FLINK-31006,
 * FLINK-33466, unfixed in any released version). A replay that was killed and resumed would hang. Here, when the
 * restored state says discovery was done and nothing is left unassigned, each reader that registers is told so
 * once the enumerator has handed it whatever it still had for it.
 */
final class RestorableBoundedKafkaSource<T>
        implements Source<T, KafkaPartitionSplit, KafkaSourceEnumState>, ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;
    private final KafkaSource<T> kafka;

    RestorableBoundedKafkaSource(KafkaSource<T> kafka) {
        if (kafka.getBoundedness() != Boundedness.BOUNDED) {
            throw new IllegalArgumentException("only a bounded Kafka source needs this");
        }
        this.kafka = kafka;
    }

    @Override
    public Boundedness getBoundedness() {
        return kafka.getBoundedness();
    }

    @Override
    public SourceReader<T, KafkaPartitionSplit> createReader(SourceReaderContext context) throws Exception {
        return kafka.createReader(context);
    }

    @Override
    public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> createEnumerator(
            SplitEnumeratorContext<KafkaPartitionSplit> context) {
        return kafka.createEnumerator(context);
    }

    @Override
    public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> restoreEnumerator(
            SplitEnumeratorContext<KafkaPartitionSplit> context, KafkaSourceEnumState state) throws Exception {
        SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> restored = kafka.restoreEnumerator(context, state);
        if (!state.initialDiscoveryFinished() || !state.unassignedSplits().isEmpty()) {
            return restored; // splits are still to be handed out: the enumerator signals the end itself
        }
        return new SplitEnumerator<>() {
            @Override
            public void start() {
                restored.start();
            }

            @Override
            public void handleSplitRequest(int subtaskId, String requesterHostname) {
                restored.handleSplitRequest(subtaskId, requesterHostname);
            }

            @Override
            public void addSplitsBack(List<KafkaPartitionSplit> splits, int subtaskId) {
                restored.addSplitsBack(splits, subtaskId);
            }

            @Override
            public void addReader(int subtaskId) {
                restored.addReader(subtaskId);
                context.signalNoMoreSplits(subtaskId);
            }

            @Override
            public KafkaSourceEnumState snapshotState(long checkpointId) throws Exception {
                return restored.snapshotState(checkpointId);
            }

            @Override
            public void close() throws java.io.IOException {
                restored.close();
            }

            @Override
            public void notifyCheckpointComplete(long checkpointId) throws Exception {
                restored.notifyCheckpointComplete(checkpointId);
            }
        };
    }

    @Override
    public SimpleVersionedSerializer<KafkaPartitionSplit> getSplitSerializer() {
        return kafka.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<KafkaSourceEnumState> getEnumeratorCheckpointSerializer() {
        return kafka.getEnumeratorCheckpointSerializer();
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return kafka.getProducedType();
    }
}
