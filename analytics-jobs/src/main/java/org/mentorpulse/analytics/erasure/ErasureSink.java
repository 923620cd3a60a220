package org.mentorpulse.analytics.erasure;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.mentorpulse.analytics.clickhouse.ClickHouseTarget;
import org.mentorpulse.analytics.event.InteractionEvent;
import org.mentorpulse.warehouse.ClickHouseConnections;
import org.mentorpulse.warehouse.ParticipantErasure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out {@code participant.erased} in the target's ClickHouse database ({@link ParticipantErasure}): the
 * participant joins the list of erasures, and the list is enforced at once.
 *
 * <p>Rows of the participant can still arrive after that: events of theirs on other partitions of the log that
 * the job reads later, or a nudge that failed for an unknown recipient. The list is therefore enforced again at
 * the next {@value #AGAIN_AT_CHECKPOINTS} checkpoints after an erasure (every sink of the job has flushed what
 * came before each one), when a writer starts (after a restart), and at the end of a bounded replay; the
 * backfill enforces it once more after its job has finished.
 *
 * <p>An erasure that fails (ClickHouse away) fails the task: Flink restarts it from its checkpoint and the event
 * comes again. Every statement is idempotent.
 */
public final class ErasureSink implements Sink<InteractionEvent> {
    private static final long serialVersionUID = 1L;
    static final int AGAIN_AT_CHECKPOINTS = 2;

    private final ClickHouseTarget target;

    public ErasureSink(ClickHouseTarget target) {
        this.target = target;
    }

    @Override
    public SinkWriter<InteractionEvent> createWriter(WriterInitContext context) throws IOException {
        return new Writer(target);
    }

    private static final class Writer implements SinkWriter<InteractionEvent> {
        private static final Logger LOG = LoggerFactory.getLogger(ErasureSink.class);
        private final ClickHouseTarget target;
        private int againAtCheckpoints;

        Writer(ClickHouseTarget target) throws IOException {
            this.target = target;
            enforce(); // after a restart, whatever arrived since the last enforcement
        }

        @Override
        public void write(InteractionEvent erased, Context context) throws IOException {
            if (erased.actorId == null || erased.actorId.isEmpty()) {
                return; // ingestion requires the id; nothing to erase without it
            }
            try (Connection c = open()) {
                ParticipantErasure.record(c, target.database(), erased.actorId, erased.source, erased.id,
                        Instant.ofEpochMilli(erased.receivedTime));
            } catch (SQLException e) {
                throw new IOException("cannot record the erasure of event " + erased.source + "/" + erased.id
                        + " in " + target.database() + ": " + e.getMessage(), e);
            }
            enforce();
            againAtCheckpoints = AGAIN_AT_CHECKPOINTS;
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (againAtCheckpoints > 0 || endOfInput) {
                enforce();
                againAtCheckpoints = Math.max(0, againAtCheckpoints - 1);
            }
        }

        private void enforce() throws IOException {
            try (Connection c = open()) {
                int erased = ParticipantErasure.apply(c, target.database());
                if (erased > 0) {
                    LOG.info("enforced the erasure of {} participants in {}", erased, target.database());
                }
            } catch (SQLException e) {
                throw new IOException("cannot enforce the erasures in " + target.database() + ": " + e.getMessage(), e);
            }
        }

        private Connection open() throws SQLException {
            return ClickHouseConnections.open(target.jdbcUrl(), target.user(), target.password());
        }

        @Override
        public void close() {}
    }
}
