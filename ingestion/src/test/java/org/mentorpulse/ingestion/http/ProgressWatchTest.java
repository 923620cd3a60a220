package org.mentorpulse.ingestion.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ProgressWatchTest {
    private Instant now = Instant.parse("2026-11-29T12:00:00Z");
    private final AtomicReference<ProgressWatch.Position> position = new AtomicReference<>(
            new ProgressWatch.Position(100, 100));
    private final AtomicReference<StageHealth.Status> inner = new AtomicReference<>(
            StageHealth.Status.working("RUNNING"));

    /** Where the stage stands; null while its position cannot be read (the broker away). */
    private ProgressWatch.Position read() {
        ProgressWatch.Position p = position.get();
        if (p == null) {
            throw new IllegalStateException("the broker is away");
        }
        return p;
    }

    private final ProgressWatch watch = new ProgressWatch(inner::get, this::read, new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }, Duration.ofMinutes(2));

    private StageHealth.Status after(Duration passed, long committed, long end) {
        now = now.plus(passed);
        position.set(new ProgressWatch.Position(committed, end));
        return watch.check();
    }

    @Test
    void aStageWithRecordsWaitingThatDoesNotMoveForTheWholePatienceIsNotWorking() {
        assertThat(watch.check().working()).isTrue();
        assertThat(after(Duration.ofSeconds(60), 100, 500).working()).as("waiting, but not for long").isTrue();
        assertThat(after(Duration.ofSeconds(59), 100, 800).working()).isTrue();
        StageHealth.Status stalled = after(Duration.ofSeconds(2), 100, 800);
        assertThat(stalled.working()).isFalse();
        assertThat(stalled.detail()).isEqualTo("RUNNING, but no progress for 121 s with 700 records waiting");

        assertThat(after(Duration.ofSeconds(1), 101, 800).working()).as("it moved again").isTrue();
    }

    @Test
    void aPositionThatCannotBeReadIsNoProgressAndAStopOnlyAfterThePatience() {
        assertThat(watch.check().working()).isTrue();
        assertThat(unreadableAfter(Duration.ofSeconds(90)).working()).as("unreadable for 90 s").isTrue();
        StageHealth.Status unseen = unreadableAfter(Duration.ofSeconds(31));
        assertThat(unseen.working()).as("unreadable for 121 s").isFalse();
        assertThat(unseen.detail()).isEqualTo("RUNNING, but not seen moving for 121 s; its position cannot be "
                + "read: the broker is away");

        assertThat(after(Duration.ofSeconds(1), 100, 100).working()).as("readable again, nothing waiting").isTrue();
    }

    private StageHealth.Status unreadableAfter(Duration passed) {
        now = now.plus(passed);
        position.set(null);
        return watch.check();
    }

    @Test
    void aQuietStageWithNothingWaitingIsWorkingHoweverLong() {
        assertThat(after(Duration.ofHours(5), 100, 100).working()).isTrue();
        assertThat(after(Duration.ofHours(5), 100, 100).working()).isTrue();
    }

    @Test
    void aStageThatSaysItStoppedIsNotWorkingWhateverItsProgress() {
        inner.set(StageHealth.Status.stopped("Kafka Streams state ERROR"));
        assertThat(after(Duration.ofSeconds(1), 200, 200).detail()).isEqualTo("Kafka Streams state ERROR");
    }
}
