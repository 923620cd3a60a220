package org.mentorpulse.analytics.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class LogWatermarkStampingTest {
    private static final Duration BOUND = Duration.ofHours(1);
    private static final long T = 1_772_000_000_000L;

    private static OneInputStreamOperatorTestHarness<InteractionEvent, InteractionEvent> harness(
            OperatorSubtaskState restoredFrom) throws Exception {
        var harness = new OneInputStreamOperatorTestHarness<>(new StreamMap<>(new LogWatermarkStamping(BOUND)));
        if (restoredFrom != null) {
            harness.initializeState(restoredFrom);
        }
        harness.open();
        return harness;
    }

    private static InteractionEvent read(OneInputStreamOperatorTestHarness<InteractionEvent, InteractionEvent> harness,
            int partition, long eventTime) throws Exception {
        InteractionEvent e = InteractionEvent.clock(eventTime);
        e.logPartition = partition;
        harness.processElement(new StreamRecord<>(e, eventTime));
        return e;
    }

    @Test
    void eachRecordCarriesItsPartitionsWatermarkAsOfThatRecord() throws Exception {
        try (var harness = harness(null)) {
            InteractionEvent first = read(harness, 0, T);
            InteractionEvent older = read(harness, 0, T - 3_600_000L);
            InteractionEvent otherPartition = read(harness, 1, T - 7_200_000L);

            assertThat(first.logWatermark).isEqualTo(T - BOUND.toMillis() - 1);
            assertThat(older.logWatermark).as("never goes back").isEqualTo(first.logWatermark);
            assertThat(otherPartition.logWatermark).as("each partition its own")
                    .isEqualTo(T - 7_200_000L - BOUND.toMillis() - 1);
        }
    }

    @Test
    void aRecordNotReadFromTheLogIsLeftAsItIs() throws Exception {
        try (var harness = harness(null)) {
            InteractionEvent e = read(harness, LogWatermarks.NO_PARTITION, T);
            assertThat(e.logWatermark).isEqualTo(LogWatermarks.UNKNOWN);
        }
    }

    /**
     * The first record read after a restart is judged as an uninterrupted run judged it: a late event right after
     * the checkpoint gets the partition's watermark from before the restart, not its own time.
     */
    @Test
    void afterARestartFromACheckpointEachPartitionGoesOnFromItsWatermarkThere() throws Exception {
        OperatorSubtaskState checkpoint;
        try (var before = harness(null)) {
            read(before, 0, T);
            read(before, 2, T + 60_000L);
            checkpoint = before.snapshot(1, 1);
            read(before, 0, T + 86_400_000L); // read after the checkpoint, then the process died
        }
        try (var resumed = harness(checkpoint)) {
            InteractionEvent late = read(resumed, 0, T - 86_400_000L);
            InteractionEvent next = read(resumed, 2, T);

            assertThat(late.logWatermark).isEqualTo(T - BOUND.toMillis() - 1);
            assertThat(next.logWatermark).isEqualTo(T + 60_000L - BOUND.toMillis() - 1);
        }
    }
}
