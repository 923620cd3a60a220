package org.mentorpulse.benchmarks;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mentorpulse.ingestion.validation.EventValidator;
import org.mentorpulse.ingestion.validation.ValidationResult;
import org.mentorpulse.schema.EventCodec;
import org.mentorpulse.schema.MentorPulseEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What ingestion does to every event: read its JSON, validate the CloudEvent against the catalogue's schema
 * (building the Avro record), and encode it for the log. Each invocation takes the next event of a generated
 * program, so every event type is measured in its real proportion; the batch benchmarks read a request of
 * {@value #BATCH} events as ingestion does, each way, and give the time per event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IngestionPathBenchmark {
    private static final Instant RECEIVED = Instant.parse("2026-06-01T00:00:00Z");
    private final EventValidator validator = new EventValidator();
    private List<ObjectNode> cloudEvents;
    private List<MentorPulseEvent> canonical;
    private int next;
    static final int BATCH = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private byte[] batch;

    @Setup
    public void load() throws IOException {
        cloudEvents = Programs.cloudEvents();
        canonical = Programs.canonical();
        batch = JSON.writeValueAsBytes(cloudEvents.subList(0, BATCH));
        // both ways must take every event of the batch, or one would be timed doing less than the other
        if (readABatchAsTreesAndValidate() != BATCH || readABatchPlainly() != BATCH) {
            throw new IllegalStateException("the batch holds events that are not accepted at " + RECEIVED);
        }
    }

    /** Each event of a batch request made a tree, then validated: what ingestion did with every event before. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int readABatchAsTreesAndValidate() throws IOException {
        int accepted = 0;
        try (JsonParser p = JSON.createParser(batch)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.START_OBJECT) {
                accepted += validator.validate(JSON.readTree(p), RECEIVED).isAccepted() ? 1 : 0;
            }
        }
        return accepted;
    }

    /** Each event of a batch request read straight into its record, as ingestion reads a plainly valid event. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int readABatchPlainly() throws IOException {
        int accepted = 0;
        try (JsonParser p = JSON.createParser(batch)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.START_OBJECT) {
                MentorPulseEvent plain = EventValidator.readPlainlyValid(p);
                accepted += plain != null && validator.acceptPlain(plain, RECEIVED) != null ? 1 : 0;
            }
        }
        return accepted;
    }

    @Benchmark
    public ValidationResult validateACloudEvent() {
        next = next + 1 == cloudEvents.size() ? 0 : next + 1;
        return validator.validate(cloudEvents.get(next), RECEIVED);
    }

    @Benchmark
    public byte[] encodeAnEventInAvro() {
        next = next + 1 == canonical.size() ? 0 : next + 1;
        return EventCodec.encodeToBytes(canonical.get(next));
    }

    /** The same bytes through Avro's own message encoder, the codec's way before: the baseline it is held to. */
    @Benchmark
    public java.nio.ByteBuffer encodeAnEventWithAvrosMessageEncoder() throws java.io.IOException {
        next = next + 1 == canonical.size() ? 0 : next + 1;
        return canonical.get(next).toByteBuffer();
    }
}
