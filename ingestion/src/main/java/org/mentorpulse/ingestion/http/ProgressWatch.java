package org.mentorpulse.ingestion.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * A consuming stage that has not failed may still have stopped: a thread stuck, a task that gets no
 * partitions. Such a stage is reported as not working when records wait for it (its committed position is
 * behind the end of its input) and that position has not moved for {@code patience}. A position that cannot be
 * read (the broker away, or slow to answer on a loaded machine) is no progress, not a stop: the stage is reported
 * stopped only when it has not been seen moving for the whole patience. The clock is injected, so the rule is
 * tested without waiting.
 */
public final class ProgressWatch implements StageHealth {
    /** Where a consumer stands: the sum of its committed offsets and of the end offsets of what it reads. */
    public record Position(long committed, long end) {
        long waiting() {
            return Math.max(0, end - committed);
        }
    }

    private final StageHealth stage;
    private final Supplier<Position> position;
    private final Clock clock;
    private final Duration patience;
    private long lastCommitted = Long.MIN_VALUE;
    private Instant lastProgress;

    public ProgressWatch(StageHealth stage, Supplier<Position> position, Clock clock, Duration patience) {
        this.stage = stage;
        this.position = position;
        this.clock = clock;
        this.patience = patience;
    }

    @Override
    public synchronized Status check() {
        Status status = stage.checkSafely();
        if (!status.working()) {
            return status;
        }
        Instant at = clock.instant();
        if (lastProgress == null) {
            lastProgress = at;
        }
        Position now;
        try {
            now = position.get();
        } catch (RuntimeException e) {
            Duration unseen = Duration.between(lastProgress, at);
            return unseen.compareTo(patience) > 0
                    ? Status.stopped(status.detail() + ", but not seen moving for " + unseen.toSeconds()
                            + " s; its position cannot be read: " + e.getMessage())
                    : status;
        }
        if (lastCommitted == Long.MIN_VALUE || now.committed() > lastCommitted || now.waiting() == 0) {
            lastCommitted = now.committed();
            lastProgress = at;
            return status;
        }
        Duration still = Duration.between(lastProgress, at);
        if (still.compareTo(patience) > 0) {
            return Status.stopped(status.detail() + ", but no progress for " + still.toSeconds() + " s with "
                    + now.waiting() + " records waiting");
        }
        return status;
    }
}
