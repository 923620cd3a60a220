package org.mentorpulse.ingestion.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** A batch's one acknowledgement: done only when Kafka confirmed every record, failed by the first refusal. */
class BatchAckTest {
    @Test
    void doneOnlyOnceEveryRecordIsConfirmed() {
        KafkaEventLog.BatchAck ack = new KafkaEventLog.BatchAck(3);
        ack.onCompletion(null, null);
        ack.onCompletion(null, null);
        assertThat(ack.done).isNotDone();
        ack.onCompletion(null, null);
        assertThat(ack.done).isCompleted();
    }

    @Test
    void failedByARefusalWhateverComesAfterIt() {
        KafkaEventLog.BatchAck ack = new KafkaEventLog.BatchAck(3);
        ack.onCompletion(null, null);
        ack.onCompletion(null, new TimeoutException("delivery timed out"));
        ack.onCompletion(null, null);
        assertThat(ack.done).isCompletedExceptionally();
        assertThat(ack.done).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(TimeoutException.class).withMessageContaining("delivery timed out");
    }

    @Test
    void anEmptyBatchIsDoneAtOnce() {
        assertThat(new KafkaEventLog.BatchAck(0).done).isCompleted();
    }
}
