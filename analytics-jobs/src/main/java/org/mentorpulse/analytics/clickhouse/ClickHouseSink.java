package org.mentorpulse.analytics.clickhouse;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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
 * <p>Rows are buffered and inserted when the buffer is full or when Flink flushes the writer, which it does
 * before every checkpoint: a checkpoint therefore completes only after its rows are in ClickHouse
 * (at-least-once). Repeats after a restart are harmless because every table is keyed so that a rewritten row
 * replaces the old one. A failed insert is retried with backoff; when retries are exhausted the job fails
 * rather than dropping the batch.
 */
public final class ClickHouseSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final ClickHouseTarget target;
    private final ClickHouseTable<T> table;
    private final int batchSize;
    private final int maxAttempts;

    public ClickHouseSink(ClickHouseTarget target, ClickHouseTable<T> table, int batchSize, int maxAttempts) {
        this.target = target;
        this.table = table;
        this.batchSize = batchSize;
        this.maxAttempts = maxAttempts;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new Writer<>(target, table, batchSize, maxAttempts,
                context.metricGroup().counter("clickhouseRowsWritten"),
                context.metricGroup().counter("clickhouseBatches"),
                context.metricGroup().counter("clickhouseRetries"));
    }

    static final class Writer<T> implements SinkWriter<T> {
        private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSink.class);
        private final ClickHouseTarget target;
        private final ClickHouseTable<T> table;
        private final int batchSize;
        private final int maxAttempts;
        private final Counter rowsWritten;
        private final Counter batches;
        private final Counter retries;
        private final List<T> buffer = new ArrayList<>();
        private Connection connection;

        Writer(ClickHouseTarget target, ClickHouseTable<T> table, int batchSize, int maxAttempts, Counter rowsWritten,
                Counter batches, Counter retries) {
            this.target = target;
            this.table = table;
            this.batchSize = batchSize;
            this.maxAttempts = maxAttempts;
            this.rowsWritten = rowsWritten;
            this.batches = batches;
            this.retries = retries;
        }

        private String where() {
            return target.database() + "." + table.name();
        }

        @Override
        public void write(T row, Context context) throws IOException, InterruptedException {
            buffer.add(row);
            if (buffer.size() >= batchSize) {
                flush(false);
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            if (buffer.isEmpty()) {
                return;
            }
            SQLException last = null;
            for (int attempt = 1; attempt <= maxAttempts; attempt++) {
                try {
                    insert();
                    rowsWritten.inc(buffer.size());
                    batches.inc();
                    buffer.clear();
                    return;
                } catch (SQLException e) {
                    last = e;
                    closeConnection();
                    if (attempt < maxAttempts) {
                        retries.inc();
                        long backoff = Math.min(30_000L, 500L << (attempt - 1));
                        LOG.warn("insert of {} rows into {} failed (attempt {} of {}), retrying in {} ms: {}",
                                buffer.size(), where(), attempt, maxAttempts, backoff, e.getMessage());
                        Thread.sleep(backoff);
                    }
                }
            }
            throw new IOException("cannot write " + buffer.size() + " rows to " + where() + " after "
                    + maxAttempts + " attempts; first row: " + buffer.get(0), last);
        }

        private void insert() throws SQLException {
            if (connection == null) {
                connection = ClickHouseConnections.open(target.jdbcUrl(), target.user(), target.password());
            }
            try (PreparedStatement ps = connection.prepareStatement(table.insertSql(target.database()))) {
                for (T row : buffer) {
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
        public void close() throws Exception {
            closeConnection();
        }
    }
}
