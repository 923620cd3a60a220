package org.mentorpulse.streams.dedup;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.mentorpulse.schema.DeadLetter;
import org.mentorpulse.schema.LogRecord;
import org.mentorpulse.schema.Topics;
import org.mentorpulse.schema.LogClock;
import org.mentorpulse.schema.MentorPulseEvent;

/**
 * Forwards the first record of each (source, id) to the event log; refuses undecodable ones to dead letters;
 * and every {@code clockInterval} of wall-clock time writes a clock tick ({@link LogClock}) to every partition
 * of the log.
 *
 * <p>A task ticks only once its newest event time has stood still for an interval (see {@link #tick}). A tick
 * carries the newest event time this task has forwarded, plus the wall-clock time since that newest event came,
 * less one interval: while events flow, ticks keep the partitions level; when they stop, event
 * time goes on passing at the pace of the clock, from where the events left it (so a program imported from the
 * past does not jump to today). The newest event time is kept in a store, so ticks go on after a restart.
 */
final class DeduplicatingProcessor implements Processor<String, byte[], String, byte[]> {
    static final String NAME = "deduplicate";
    static final String TO_EVENTS = "to-events";
    static final String TO_DEAD_LETTERS = "to-dead-letters";
    private static final String NEWEST = "newest-event-time";

    static final String COMPONENT = "mentorpulse-streams-dedup";

    private final Duration retention;
    private final Duration clockInterval;
    private final Duration maxAhead;
    private ProcessorContext<String, byte[]> context;
    private WindowStore<String, Long> seen;
    private KeyValueStore<String, Long> clock;
    /** wall-clock time at which the newest event time last moved forward */
    private long newestMovedAt;

    DeduplicatingProcessor(Duration retention, Duration clockInterval, Duration maxAhead) {
        this.retention = retention;
        this.clockInterval = clockInterval;
        this.maxAhead = maxAhead;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.seen = context.getStateStore(EventDeduplicationApp.SEEN_STORE);
        this.clock = context.getStateStore(EventDeduplicationApp.CLOCK_STORE);
        this.newestMovedAt = context.currentSystemTimeMs();
        context.schedule(clockInterval, PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    private void tick(long wallClockNow) {
        Long newest = clock.get(NEWEST);
        if (newest == null) {
            return; // no event yet: nothing to say about event time
        }
        if (wallClockNow - newestMovedAt < clockInterval.toMillis()) {
            // Still moving: this task's events carry event time themselves. A tick now would go to every
            // partition while a sibling task may still be forwarding older events of the same burst (a bulk
            // import), and would push those partitions' watermarks past them. Quiet for an interval, the task's
            // newest time is behind what any sibling still busy with the burst has to forward.
            return;
        }
        long quiet = Math.max(0, wallClockNow - newestMovedAt - clockInterval.toMillis());
        long tick = Math.min(newest + quiet, latestBelievable(wallClockNow));
        Headers headers = new RecordHeaders();
        byte[] value = Topics.EVENT_LOG.valueBytes(headers, new LogRecord.Tick(tick));
        // the record's own timestamp is the wall clock: the broker refuses timestamps far from its own clock,
        // and a tick carries event time in its value, which can be anywhere in the past
        context.forward(new Record<>(LogClock.KEY, value, wallClockNow, headers), TO_EVENTS);
    }

    /**
     * The latest event time the log clock may show now. Ingestion refuses events more than a day ahead of their
     * receipt, but the clock must not trust that: one year-9999 event that got through (an older version, a
     * producer that bypasses ingestion) would otherwise end every day of every match at once.
     */
    private long latestBelievable(long wallClockNow) {
        return wallClockNow + maxAhead.toMillis();
    }

    @Override
    public void process(Record<String, byte[]> record) {
        MentorPulseEvent event;
        try {
            event = Topics.RAW_LOG.value(record.headers(), record.value());
        } catch (Exception e) {
            DeadLetter letter = DeadLetter.ofRecord(COMPONENT, Instant.ofEpochMilli(context.currentSystemTimeMs()),
                    record.value(), new DeadLetter.Reason("$", DeadLetter.MALFORMED, "not a MentorPulse Avro event: "
                            + e.getClass().getSimpleName() + ": " + e.getMessage()));
            context.forward(record.withValue(Topics.DEAD_LETTER_LOG.valueBytes(letter)), TO_DEAD_LETTERS);
            return;
        }
        String identity = event.getSource() + "\u0000" + event.getId();
        long now = record.timestamp();
        try (WindowStoreIterator<Long> previous = seen.fetch(identity, Instant.ofEpochMilli(now).minus(retention),
                Instant.ofEpochMilli(now).plus(retention))) {
            if (previous.hasNext()) {
                return;
            }
        }
        seen.put(identity, now, now);
        context.forward(record, TO_EVENTS);
        long eventTime = event.getTime().toEpochMilli();
        Long newest = clock.get(NEWEST);
        if ((newest == null || eventTime > newest) && eventTime <= latestBelievable(context.currentSystemTimeMs())) {
            clock.put(NEWEST, eventTime);
            newestMovedAt = context.currentSystemTimeMs();
        }
    }
}
