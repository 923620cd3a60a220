package org.mentorpulse.analytics.clickhouse;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.io.IOException;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.mentorpulse.warehouse.ClickHouseConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flink sink that writes rows to ClickHouse over JDBC in batches.
 *
 * <p>Rows are buffered and inserted when {@code maxRows} are waiting, when the oldest has waited
 * {@code maxDelay}, and whenever Flink flushes the writer, which it does before every checkpoint: a checkpoint
 * therefore completes only after its rows are in ClickHouse (at-least-once). Repeats after a restart are
 * harmless because every table is keyed so that a rewritten row replaces the old one. Large batches matter:
 * ClickHouse makes a part per insert, and many small inserts end in TOO_MANY_PARTS.
 *
 * <p>Failures are sorted by {@link ClickHouseFailure}. Transient ones are retried with exponential backoff;
 * when the attempts are used up the job fails (and restarts from its last checkpoint) rather than dropping
 * the batch. A permanent one means some row can never be written: the batch is split in halves until the
 * refused rows are found, all the other rows are written, and each refused row goes to {@link RefusedRows}
 * (the dead-letter topic, with ClickHouse's reason) before the sink goes on. One bad row must not stop the job:
 * a restart would meet it again, and every other row would wait behind it.
 */
public final class ClickHouseSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    /** Batching and retry settings, with defaults for the analytics tables. */
    public record Batching(int maxRows, Duration maxDelay, int maxAttempts, Duration firstBackoff,
            Duration maxBackoff) implements Serializable {
        public static Batching defaults() {
            return new Batching(20000, Duration.ofSeconds(1), 6, Duration.ofMillis(500), Duration.ofSeconds(30));
        }

        public Batching withMaxRows(int rows) {
            return new Batching(rows, maxDelay, maxAttempts, firstBackoff, maxBackoff);
        }
    }

    private final ClickHouseTarget target;
    private final ClickHouseTable<T> table;
    private final Batching batching;
    private final RefusedRows refusedRows;

    public ClickHouseSink(ClickHouseTarget target, ClickHouseTable<T> table, Batching batching,
            RefusedRows refusedRows) {
        this.target = target;
        this.table = table;
        this.batching = batching;
        this.refusedRows = refusedRows;
    }

    public ClickHouseSink(ClickHouseTarget target, ClickHouseTable<T> table, RefusedRows refusedRows) {
        this(target, table, Batching.defaults(), refusedRows);
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        var metrics = context.metricGroup();
        return new Writer<>(target, table, batching, refusedRows.open(), context.getProcessingTimeService(),
                new WriterMetrics(metrics.counter("clickhouseRowsWritten"), metrics.counter("clickhouseBatches"),
                        metrics.counter("clickhouseRetries"), metrics.counter("clickhouseUnwritableRows")));
    }

    record WriterMetrics(Counter rowsWritten, Counter batches, Counter retries, Counter unwritableRows) {}

    static final class Writer<T> implements SinkWriter<T> {
        private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSink.class);
        private final ClickHouseTarget target;
        private final ClickHouseTable<T> table;
        private final Batching batching;
        private final RefusedRows.Handle refusedRows;
        private final ProcessingTimeService time;
        private final WriterMetrics metrics;
        private final RetryPolicy<Object> retry;
        private final List<T> buffer = new ArrayList<>();
        private Connection connection;
        private boolean flushScheduled;

        Writer(ClickHouseTarget target, ClickHouseTable<T> table, Batching batching, RefusedRows.Handle refusedRows,
                ProcessingTimeService time, WriterMetrics metrics) {
            this.target = target;
            this.table = table;
            this.batching = batching;
            this.refusedRows = refusedRows;
            this.time = time;
            this.metrics = metrics;
            this.retry = RetryPolicy.builder()
                    .handleIf(e -> ClickHouseFailure.of(e) == ClickHouseFailure.TRANSIENT)
                    .withBackoff(batching.firstBackoff(), batching.maxBackoff())
                    .withJitter(0.2)
                    .withMaxAttempts(batching.maxAttempts())
                    .onRetry(e -> {
                        metrics.retries().inc();
                        closeConnection();
                        LOG.warn("insert into {} failed (attempt {} of {}), retrying: {}", where(),
                                e.getAttemptCount(), batching.maxAttempts(), e.getLastException().getMessage());
                    })
                    .build();
        }

        private String where() {
            return target.database() + "." + table.name();
        }

        @Override
        public void write(T row, Context context) throws IOException, InterruptedException {
            buffer.add(row);
            if (buffer.size() >= batching.maxRows()) {
                flush(false);
            } else if (!flushScheduled && time != null) {
                flushScheduled = true;
                time.registerTimer(time.getCurrentProcessingTime() + batching.maxDelay().toMillis(), t -> timedFlush());
            }
        }

        /** Runs in the task's mailbox thread, like write(); a failure here fails the task like any other. */
        private void timedFlush() throws IOException, InterruptedException {
            flushScheduled = false;
            flush(false);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            if (buffer.isEmpty()) {
                return;
            }
            List<T> batch = new ArrayList<>(buffer);
            buffer.clear();
            write(batch);
        }

        /** Writes the rows; those that can never be written go to the refused rows, the others to the table. */
        private void write(List<T> rows) throws IOException {
            List<Unwritable<T>> refused = new ArrayList<>();
            writeOrIsolate(rows, refused);
            for (Unwritable<T> u : refused) {
                metrics.unwritableRows().inc();
                LOG.warn("ClickHouse refuses a row of {} for good; it goes to the dead letters. Row: {}. Reason: {}",
                        where(), u.row(), u.failure().getMessage());
                refusedRows.refused(where(), String.valueOf(u.row()), u.failure());
            }
        }

        private record Unwritable<T>(T row, Throwable failure) {}

        /**
         * Inserts with retries; on a permanent failure, halves the batch until the refused rows are found:
         * log2(n) inserts per bad row, and the good halves on the way are written (safe: rows are idempotent).
         */
        private void writeOrIsolate(List<T> rows, List<Unwritable<T>> refused) throws IOException {
            try {
                Failsafe.with(retry).run(() -> insert(rows));
                metrics.rowsWritten().inc(rows.size());
                metrics.batches().inc();
            } catch (FailsafeException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (ClickHouseFailure.of(cause) == ClickHouseFailure.TRANSIENT) {
                    throw new IOException("cannot write " + rows.size() + " rows to " + where() + " after "
                            + batching.maxAttempts() + " attempts: " + cause.getMessage(), cause);
                }
                if (rows.size() == 1) {
                    refused.add(new Unwritable<>(rows.get(0), cause));
                    return;
                }
                int half = rows.size() / 2;
                writeOrIsolate(rows.subList(0, half), refused);
                writeOrIsolate(rows.subList(half, rows.size()), refused);
            }
        }

        private void insert(List<T> rows) throws SQLException {
            if (connection == null) {
                Properties extra = new Properties();
                // RowBinary instead of a VALUES text for prepared inserts: several times less work for us and
                // for the server
                extra.setProperty("beta.row_binary_for_simple_insert", "true");
                connection = ClickHouseConnections.open(target.jdbcUrl(), target.user(), target.password(), extra);
            }
            try (PreparedStatement ps = connection.prepareStatement(table.insertSql(target.database()))) {
                for (T row : rows) {
                    table.bind(ps, row);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }

        private void closeConnection() {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // the connection is being replaced after a failure; nothing more to do with it
                }
                connection = null;
            }
        }

        @Override
        public void close() {
            closeConnection();
            refusedRows.close();
        }
    }
}
