package org.mentorpulse.schema;

import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A record of the canonical log ({@link Topics#EVENT_LOG}): an event, or a clock tick ({@link LogClock}) that only
 * says how far event time has come. A header tells them apart, so the value's serde needs the headers.
 */
public sealed interface LogRecord {
    record Event(MentorPulseEvent event) implements LogRecord {}

    record Tick(long eventTime) implements LogRecord {}

    /** Events as Avro single-object encoding ({@link EventCodec}); ticks as 8 bytes, marked by a header. */
    static Serde<LogRecord> serde() {
        return Serdes.serdeFrom(new Writer(), new Reader());
    }

    final class Writer implements Serializer<LogRecord> {
        @Override
        public byte[] serialize(String topic, LogRecord record) {
            if (record instanceof Tick) {
                throw new SerializationException("a clock tick needs its header: serialize it with the record's headers");
            }
            return EventCodec.encodeToBytes(((Event) record).event());
        }

        @Override
        public byte[] serialize(String topic, Headers headers, LogRecord record) {
            if (record instanceof Tick tick) {
                headers.add(LogClock.HEADER, new byte[0]);
                return LogClock.encode(tick.eventTime());
            }
            return serialize(topic, record);
        }
    }

    final class Reader implements Deserializer<LogRecord> {
        @Override
        public LogRecord deserialize(String topic, byte[] data) {
            try {
                return new Event(EventCodec.decode(data));
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("not a MentorPulse Avro event: " + e.getMessage(), e);
            }
        }

        @Override
        public LogRecord deserialize(String topic, Headers headers, byte[] data) {
            if (headers != null && headers.lastHeader(LogClock.HEADER) != null) {
                try {
                    return new Tick(LogClock.decode(data));
                } catch (IllegalArgumentException e) {
                    throw new SerializationException(e.getMessage(), e);
                }
            }
            return deserialize(topic, data);
        }
    }
}
