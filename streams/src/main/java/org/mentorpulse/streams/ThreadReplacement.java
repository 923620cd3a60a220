package org.mentorpulse.streams;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a Streams app does when one of its threads dies. Records that fail never get this far (they are
 * dead-lettered, {@link StreamsDeadLetters}), so what does is the infrastructure's: a broker away for longer
 * than the clients wait, a transaction commit that timed out and left its producer refusing every send. A new
 * thread, with a new producer that fences the old transaction, takes the tasks up from their last commit, as a
 * supervisor restarting the process would, without restoring every store first.
 *
 * <p>Replacing stops after {@link #LIMIT} threads within {@link #WINDOW}: a failure that comes back at once is
 * not outlasted by retrying it. The app then shuts down (state ERROR), which its health check and its process's
 * exit code report.
 */
public final class ThreadReplacement implements StreamsUncaughtExceptionHandler {
    static final int LIMIT = 5;
    static final Duration WINDOW = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(ThreadReplacement.class);

    private final String app;
    private final Supplier<Instant> clock;
    private final Deque<Instant> replaced = new ArrayDeque<>();

    ThreadReplacement(String app, Supplier<Instant> clock) {
        this.app = app;
        this.clock = clock;
    }

    /** Installs the handler on an app not yet started. */
    public static KafkaStreams install(KafkaStreams streams, String app) {
        streams.setUncaughtExceptionHandler(new ThreadReplacement(app, Instant::now));
        return streams;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        Instant now = clock.get();
        while (!replaced.isEmpty() && !replaced.peekFirst().isAfter(now.minus(WINDOW))) {
            replaced.removeFirst();
        }
        if (replaced.size() >= LIMIT) {
            LOG.error("{}: a stream thread stopped, the {}th within {} min; shutting the app down", app,
                    LIMIT + 1, WINDOW.toMinutes(), exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        replaced.addLast(now);
        LOG.warn("{}: a stream thread stopped; replacing it ({} of {} within {} min): {}", app, replaced.size(),
                LIMIT, WINDOW.toMinutes(), exception.toString());
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
