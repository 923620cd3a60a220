package org.mentorpulse.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadReplacementTest {
    private static final Throwable TIMED_OUT = new TimeoutException("Timeout expired after 60000ms while awaiting EndTxn(true)");

    /** The time, moved by the test. */
    private Instant now = Instant.parse("2026-12-07T06:00:00Z");

    @Test
    void aThreadIsReplacedUntilTooManyStopWithinTheWindowAndThenTheAppShutsDown() {
        ThreadReplacement handler = new ThreadReplacement("deduplicator", () -> now);

        for (int i = 0; i < ThreadReplacement.LIMIT; i++) {
            assertThat(handler.handle(TIMED_OUT)).as("failure " + (i + 1))
                    .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
            now = now.plusSeconds(30);
        }
        assertThat(handler.handle(TIMED_OUT)).as("one more within the window")
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void failuresOlderThanTheWindowNoLongerCount() {
        ThreadReplacement handler = new ThreadReplacement("notifier", () -> now);
        for (int i = 0; i < ThreadReplacement.LIMIT; i++) {
            handler.handle(TIMED_OUT);
        }

        now = now.plus(ThreadReplacement.WINDOW);
        assertThat(handler.handle(TIMED_OUT)).as("the window after the first five")
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        now = now.plus(Duration.ofSeconds(1));
        assertThat(handler.handle(TIMED_OUT)).as("another a second later")
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }
}
