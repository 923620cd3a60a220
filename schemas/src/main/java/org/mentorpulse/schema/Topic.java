package org.mentorpulse.schema;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic of the log bound to the serdes of its keys and values: whoever writes or reads it goes through these,
 * so a record's format is said in one place ({@link Topics}).
 */
public record Topic<K, V>(String name, Serde<K> keys, Serde<V> values) {
    /** The value's bytes; the serializer may add headers (a clock tick marks itself with one). */
    public byte[] valueBytes(Headers headers, V value) {
        return values.serializer().serialize(name, headers, value);
    }

    public byte[] valueBytes(V value) {
        return values.serializer().serialize(name, value);
    }

    /** The value of a record read as bytes; throws the serde's exception for bytes that are not one. */
    public V value(ConsumerRecord<byte[], byte[]> record) {
        return values.deserializer().deserialize(record.topic(), record.headers(), record.value());
    }

    public V value(Headers headers, byte[] bytes) {
        return values.deserializer().deserialize(name, headers, bytes);
    }
}
