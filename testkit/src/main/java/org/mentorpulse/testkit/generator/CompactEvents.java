package org.mentorpulse.testkit.generator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * A generated program's events, held as JSON text and parsed on each access. Every {@link #get} returns a new
 * tree: changing it does not change the program. Benchmarks generate programs of a million events, and as text
 * they fit in the memory the whole stack is allowed.
 */
final class CompactEvents extends AbstractList<ObjectNode> implements RandomAccess {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[][] events;

    CompactEvents(byte[][] events) {
        this.events = events;
    }

    static byte[] bytesOf(ObjectNode event) {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a generated event cannot be written as JSON", e);
        }
    }

    @Override
    public ObjectNode get(int index) {
        try {
            return (ObjectNode) JSON.readTree(events[index]);
        } catch (IOException e) {
            throw new UncheckedIOException("a generated event cannot be read back", e);
        }
    }

    @Override
    public int size() {
        return events.length;
    }
}
