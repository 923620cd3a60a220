package org.mentorpulse.analytics.job;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.mentorpulse.analytics.event.InteractionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a replay sends the log records it cannot read: the live job dead-lettered them when it first read them,
 * so a replay only logs each one (with its reason) and counts it ({@code undecodableRecords}), instead of
 * writing the same letter to the dead-letter topic again.
 */
final class LoggedDeadLetters implements Sink<InteractionEvent> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LoggedDeadLetters.class);

    @Override
    public SinkWriter<InteractionEvent> createWriter(WriterInitContext context) {
        Counter counter = context.metricGroup().counter("undecodableRecords");
        return new SinkWriter<>() {
            @Override
            public void write(InteractionEvent e, Context ignored) {
                counter.inc();
                LOG.warn("replay skips a record of the log it cannot read: {}", e.deadLetter);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
