package org.mentorpulse.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;
import org.mentorpulse.schema.DeadLetter;
import org.mentorpulse.schema.Topics;

class StreamsDeadLettersTest {
    /** Where the failing record came from, as Kafka Streams tells a handler. */
    private static final ErrorHandlerContext CONTEXT = new ErrorHandlerContext() {
        public String topic() { return Topics.RAW; }
        public int partition() { return 2; }
        public long offset() { return 41; }
        public org.apache.kafka.common.header.Headers headers() { return new RecordHeaders(); }
        public String processorNodeId() { return "deduplicate"; }
        public TaskId taskId() { return new TaskId(0, 2); }
        public long timestamp() { return 0; }
        public byte[] sourceRawKey() { return "m-1".getBytes(); }
        public byte[] sourceRawValue() { return new byte[] {1, 2, 3}; }
    };

    @Test
    void aRecordTheBrokerRefusesBecomesADeadLetterAndProcessingResumes() throws Exception {
        StreamsDeadLetters.OnProduction handler = configured(new StreamsDeadLetters.OnProduction());

        ProductionExceptionHandler.Response response = handler.handleError(CONTEXT,
                new ProducerRecord<>(Topics.EVENTS, new byte[0], new byte[0]),
                new InvalidTimestampException("Timestamp 253402300799000 of message is out of range"));

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        ProducerRecord<byte[], byte[]> record = response.deadLetterQueueRecords().get(0);
        assertThat(record.topic()).isEqualTo(Topics.DEAD_LETTERS);
        assertThat(record.key()).isEqualTo("m-1".getBytes());
        DeadLetter letter = DeadLetter.fromJson(record.value());
        assertThat(letter.rejectedBy()).isEqualTo("mentorpulse-streams-dedup");
        assertThat(Base64.getDecoder().decode(letter.originalPayload())).containsExactly(1, 2, 3);
        assertThat(letter.errors()).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo("production");
            assertThat(r.reason()).contains(Topics.RAW + "-2 at offset 41").contains("out of range");
        });
    }

    @Test
    void aBrokerAwayIsRetriedAndAFailureThatIsNotTheRecordsIsLeftToStreamsNeitherDeadLettered() {
        StreamsDeadLetters.OnProduction handler = configured(new StreamsDeadLetters.OnProduction());
        ProducerRecord<byte[], byte[]> sent = new ProducerRecord<>(Topics.EVENTS, new byte[0], new byte[0]);

        ProductionExceptionHandler.Response timedOut = handler.handleError(CONTEXT, sent,
                new TimeoutException("Topic mentorpulse-dedup-seen-event-ids-changelog not present in metadata"));
        assertThat(timedOut.result()).isEqualTo(ProductionExceptionHandler.Result.RETRY);
        assertThat(timedOut.deadLetterQueueRecords()).isEmpty();

        ProductionExceptionHandler.Response aborted = handler.handleError(CONTEXT, sent,
                new TransactionAbortableException("Transaction Request was aborted after exhausting retries"));
        assertThat(aborted.result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(aborted.deadLetterQueueRecords()).isEmpty();

        ProductionExceptionHandler.Response tooLarge = handler.handleError(CONTEXT, sent,
                new RecordTooLargeException("The message is 2000000 bytes"));
        assertThat(tooLarge.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        assertThat(tooLarge.deadLetterQueueRecords()).singleElement()
                .satisfies(r -> assertThat(r.topic()).isEqualTo(Topics.DEAD_LETTERS));
    }

    @Test
    void aProcessingErrorOfTheRecordIsDeadLetteredButStreamsOwnFailureToSendIsNot() {
        StreamsDeadLetters.OnProcessing handler = configured(new StreamsDeadLetters.OnProcessing());
        org.apache.kafka.streams.processor.api.Record<String, String> record =
                new org.apache.kafka.streams.processor.api.Record<>("m-1", "x", 0L);

        ProcessingExceptionHandler.Response bad = handler.handleError(CONTEXT, record,
                new IllegalArgumentException("no match id"));
        assertThat(bad.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        assertThat(bad.deadLetterQueueRecords()).singleElement()
                .satisfies(r -> assertThat(r.topic()).isEqualTo(Topics.DEAD_LETTERS));

        ProcessingExceptionHandler.Response unsent = handler.handleError(CONTEXT, record,
                new StreamsException("Error encountered trying to send record to topic " + Topics.EVENTS));
        assertThat(unsent.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        assertThat(unsent.deadLetterQueueRecords()).isEmpty();

        // as Kafka Streams passes it on after a commit timed out with the broker away (the broker-restart drill)
        IllegalStateException refusedBySend = new IllegalStateException("Cannot attempt operation `send` because the "
                + "previous call to `commitTransaction` timed out and must be retried");
        refusedBySend.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("org.apache.kafka.clients.producer.internals.TransactionManager",
                        "maybeFailWithError", "TransactionManager.java", 1210),
                new StackTraceElement("org.apache.kafka.clients.producer.KafkaProducer", "send", "KafkaProducer.java",
                        1045),
                new StackTraceElement("org.apache.kafka.streams.processor.internals.RecordCollectorImpl", "send",
                        "RecordCollectorImpl.java", 270)});
        ProcessingExceptionHandler.Response refused = handler.handleError(CONTEXT, record, refusedBySend);
        assertThat(refused.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        assertThat(refused.deadLetterQueueRecords()).isEmpty();
    }

    private static <T extends org.apache.kafka.common.Configurable> T configured(T handler) {
        Map<Object, Object> config = new HashMap<>();
        StreamsDeadLetters.install(config, "mentorpulse-streams-dedup");
        Map<String, Object> configs = new HashMap<>();
        config.forEach((k, v) -> configs.put(k.toString(), v));
        handler.configure(configs);
        return handler;
    }
}
