package org.mentorpulse.streams;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Record;
import org.mentorpulse.schema.DeadLetter;
import org.mentorpulse.schema.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * No single record may stop a Streams app: a record that cannot be deserialized, processed or produced (the
 * broker refusing it, for instance for a timestamp out of its range) becomes a {@link DeadLetter} on
 * {@link Topics#DEAD_LETTERS} with the reason and the input record's bytes, and processing goes on. Kafka
 * Streams writes the letter in the same transaction as the task's other output, so under exactly-once the
 * record is either processed or dead-lettered, never lost. A failure that is not the record's (the broker away,
 * a transaction broken) is no reason to dead-letter it: a retriable one is retried, the others are left to
 * Kafka Streams.
 */
public final class StreamsDeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsDeadLetters.class);
    /** The config key under which each handler finds the component name for its letters. */
    public static final String COMPONENT_CONFIG = "mentorpulse.dead-letter.component";

    private StreamsDeadLetters() {}

    /** Installs the three handlers in a Streams configuration. */
    public static void install(Map<Object, Object> config, String component) {
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, OnDeserialization.class);
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, OnProcessing.class);
        config.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, OnProduction.class);
        config.put(COMPONENT_CONFIG, component);
    }

    /** The letter for the input record the handler was called for. */
    static ProducerRecord<byte[], byte[]> letter(String component, ErrorHandlerContext context, String stage,
            Exception e) {
        String where = context.topic() + "-" + context.partition() + " at offset " + context.offset();
        DeadLetter letter = DeadLetter.ofRecord(component, Instant.now(), context.sourceRawValue(),
                new DeadLetter.Reason("$", stage, stage.replace('_', ' ') + " failed for the record in " + where + ": "
                        + e.getClass().getSimpleName() + ": " + e.getMessage()));
        LOG.warn("dead-lettering the record in {} ({}): {}", where, stage, e.toString());
        return new ProducerRecord<>(Topics.DEAD_LETTERS, context.sourceRawKey(), Topics.DEAD_LETTER_LOG.valueBytes(letter));
    }

    /** What every handler shares: the component its letters name, from the Streams configuration. */
    private abstract static class Named {
        String component = "mentorpulse-streams";

        public void configure(Map<String, ?> configs) {
            Object name = configs.get(COMPONENT_CONFIG);
            component = name == null ? component : name.toString();
        }
    }

    public static final class OnDeserialization extends Named implements DeserializationExceptionHandler {
        @Override
        public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception e) {
            return Response.resume(List.of(letter(component, context, "deserialization", e)));
        }
    }

    public static final class OnProcessing extends Named implements ProcessingExceptionHandler {
        @Override
        public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception e) {
            if (e instanceof StreamsException || raisedBySending(e)) {
                // Kafka Streams' own failure while the record was processed (its output could not be sent: the
                // broker away, the transaction broken), not the record's: left to Streams, which aborts and
                // processes the record again, rather than dead-lettering a good event
                LOG.warn("not dead-lettering the record in {}-{} at offset {}: {}", context.topic(),
                        context.partition(), context.offset(), e.toString());
                return Response.fail();
            }
            return Response.resume(List.of(letter(component, context, "processing", e)));
        }
    }

    /**
     * The producer itself threw, while the record's output was being sent. Kafka Streams passes some of the
     * producer's refusals on unwrapped: after a transaction commit timed out, every send throws
     * IllegalStateException until the commit is retried, whatever the record.
     */
    static boolean raisedBySending(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                if (frame.getClassName().startsWith("org.apache.kafka.clients.producer.")) {
                    return true;
                }
            }
        }
        return false;
    }

    public static final class OnProduction extends Named implements ProductionExceptionHandler {
        @Override
        public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception e) {
            if (e instanceof RetriableException && !(e instanceof CorruptRecordException)) {
                // the broker away or not answering in time (a metadata wait of max.block.ms, for instance): Kafka
                // Streams then closes the task and processes from its last commit again, so the record is sent
                // again, once, instead of being dead-lettered for something that was not its fault
                LOG.warn("retrying the task of the record in {}-{} at offset {}: {}", context.topic(),
                        context.partition(), context.offset(), e.toString());
                return Response.retry();
            }
            if (!refusesTheRecord(e)) {
                return Response.fail(); // not about the record: Kafka Streams' own handling, and the stage's health
            }
            return Response.resume(List.of(letter(component, context, "production", e)));
        }

        /** The broker refused this record for what it is, and would refuse it again. */
        private static boolean refusesTheRecord(Exception e) {
            return e instanceof InvalidTimestampException || e instanceof RecordTooLargeException
                    || e instanceof CorruptRecordException
                    || e instanceof RecordBatchTooLargeException || e instanceof InvalidRecordException;
        }

        @Override
        public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception e,
                SerializationExceptionOrigin origin) {
            return Response.resume(List.of(letter(component, context, "serialization", e)));
        }
    }
}
