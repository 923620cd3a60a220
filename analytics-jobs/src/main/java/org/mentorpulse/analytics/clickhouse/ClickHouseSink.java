package org.mentorpulse.analytics.clickhouse;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.GenericRecord;
import com.clickhouse.data.ClickHouseFormat;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.mentorpulse.warehouse.ClickHouseConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flink sink that writes rows to ClickHouse in batches, in RowBinary over HTTP with the ClickHouse Java client.
 *
 * <p>Each row is encoded as it arrives ({@link ColumnTable}) into a reused buffer, and a batch is sent as a
 * byte range of it: no value is boxed, copied or described again per insert. Rows are buffered and inserted when
 * {@code maxRows} are waiting, when the oldest has waited {@code maxDelay}, and whenever Flink flushes the writer,
 * which it does before every checkpoint: a checkpoint therefore completes only after its rows are in ClickHouse
 * (at-least-once).
 *
 * <p>A full batch is sent by a thread of the writer's own while the task goes on filling a second buffer, so the
 * job computes while ClickHouse takes the previous batch instead of waiting for it. One batch at most is in
 * flight: the next one, and every flush Flink asks for, first waits for it, and its failure fails the task there. Repeats after a restart are
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
        private final String database;
        private final List<String> columns;
        /** acknowledged means written: an asynchronous insert would let a checkpoint complete first */
        private final InsertSettings insertSettings;
        /** the rows being collected, their encoding, and where each row's bytes end in it */
        private Batch<T> filling = new Batch<>();
        /** the other buffer: free, or the batch being sent (then {@link #inFlight} is its insert) */
        private Batch<T> spare = new Batch<>();
        private Future<List<Unwritable<T>>> inFlight;
        private final ExecutorService sender;
        /** used by the sending thread only (and by close, once it is idle) */
        private Client client;
        private boolean schemaChecked;
        private boolean flushScheduled;

        Writer(ClickHouseTarget target, ClickHouseTable<T> table, Batching batching, RefusedRows.Handle refusedRows,
                ProcessingTimeService time, WriterMetrics metrics) {
            this.target = target;
            this.table = table;
            this.batching = batching;
            this.refusedRows = refusedRows;
            this.time = time;
            this.metrics = metrics;
            this.database = table.databaseOf(target.database());
            this.columns = table.columnNames();
            this.insertSettings = new InsertSettings().setDatabase(database).serverSetting("async_insert", "0");
            this.sender = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "clickhouse-sender-" + table.name());
                t.setDaemon(true);
                return t;
            });
            this.retry = RetryPolicy.builder()
                    .handleIf(e -> !(e instanceof SchemaMismatch) && ClickHouseFailure.of(e) == ClickHouseFailure.TRANSIENT)
                    .withBackoff(batching.firstBackoff(), batching.maxBackoff())
                    .withJitter(0.2)
                    .withMaxAttempts(batching.maxAttempts())
                    .onRetry(e -> {
                        metrics.retries().inc();
                        closeClient();
                        LOG.warn("insert into {} failed (attempt {} of {}), retrying: {}", where(),
                                e.getAttemptCount(), batching.maxAttempts(), e.getLastException().getMessage());
                    })
                    .build();
        }

        private String where() {
            return database + "." + table.name();
        }

        @Override
        public void write(T row, Context context) throws IOException, InterruptedException {
            Batch<T> b = filling;
            int start = b.encoded.size();
            try {
                table.encode(b.encoded, row);
            } catch (RuntimeException e) {
                // a value no column can hold (a null, a number out of range): this row, never the batch
                b.encoded.truncate(start);
                refuse(row, e);
                return;
            }
            b.add(row);
            if (b.rows.size() >= batching.maxRows()) {
                send();
            } else if (!flushScheduled && time != null) {
                flushScheduled = true;
                time.registerTimer(time.getCurrentProcessingTime() + batching.maxDelay().toMillis(), t -> timedFlush());
            }
        }

        /** Runs in the task's mailbox thread, like write(); a failure here fails the task like any other. */
        private void timedFlush() throws IOException, InterruptedException {
            flushScheduled = false;
            send();
        }

        /** Hands the batch collected so far to the sending thread, once the one before it is written. */
        private void send() throws IOException, InterruptedException {
            if (filling.rows.isEmpty()) {
                return;
            }
            awaitInFlight();
            Batch<T> batch = filling;
            filling = spare;
            spare = batch;
            inFlight = sender.submit(() -> {
                List<Unwritable<T>> refused = new ArrayList<>();
                writeOrIsolate(batch, 0, batch.rows.size(), refused);
                return refused;
            });
        }

        /** Waits for the batch being sent; what it could not write fails the task here, or is dead-lettered. */
        private void awaitInFlight() throws IOException, InterruptedException {
            if (inFlight == null) {
                return;
            }
            List<Unwritable<T>> refused;
            try {
                refused = inFlight.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                throw new IOException(cause);
            } finally {
                inFlight = null;
                spare.clear();
            }
            for (Unwritable<T> u : refused) {
                refuse(u.row(), u.failure());
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            send();
            awaitInFlight();
        }

        private void refuse(T row, Throwable failure) throws IOException {
            metrics.unwritableRows().inc();
            LOG.warn("ClickHouse refuses a row of {} for good; it goes to the dead letters. Row: {}. Reason: {}",
                    where(), row, failure.getMessage());
            refusedRows.refused(where(), String.valueOf(row), failure);
        }

        private record Unwritable<T>(T row, Throwable failure) {}

        /**
         * Inserts rows [from, to) with retries; on a permanent failure, halves the range until the refused rows are
         * found: log2(n) inserts per bad row, and the good halves on the way are written (safe: rows are
         * idempotent).
         */
        private void writeOrIsolate(Batch<T> batch, int from, int to, List<Unwritable<T>> refused)
                throws IOException {
            try {
                Failsafe.with(retry).run(() -> insert(batch, from, to));
                metrics.rowsWritten().inc(to - from);
                metrics.batches().inc();
            } catch (RuntimeException e) {
                // Failsafe wraps checked failures and rethrows unchecked ones (the client's) as they are
                Throwable cause = e instanceof FailsafeException && e.getCause() != null ? e.getCause() : e;
                if (cause instanceof SchemaMismatch mismatch) {
                    throw mismatch;
                }
                if (ClickHouseFailure.of(cause) == ClickHouseFailure.TRANSIENT) {
                    throw new IOException("cannot write " + (to - from) + " rows to " + where() + " after "
                            + batching.maxAttempts() + " attempts: " + cause.getMessage(), cause);
                }
                if (to - from == 1) {
                    refused.add(new Unwritable<>(batch.rows.get(from), cause));
                    return;
                }
                int half = from + (to - from) / 2;
                writeOrIsolate(batch, from, half, refused);
                writeOrIsolate(batch, half, to, refused);
            }
        }

        private void insert(Batch<T> batch, int from, int to) throws Exception {
            Client c = client();
            int fromByte = from == 0 ? 0 : batch.ends[from - 1];
            int toByte = batch.ends[to - 1];
            try {
                c.insert(table.name(), columns, out -> batch.encoded.writeTo(out, fromByte, toByte),
                        ClickHouseFormat.RowBinary, insertSettings).get(batching.maxBackoff().toMillis() * 4,
                                TimeUnit.MILLISECONDS).close();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }

        private Client client() {
            if (client == null) {
                client = ClickHouseConnections.client(target.jdbcUrl(), target.user(), target.password())
                        // the sink's own policy retries, with backoff, and counts the attempts
                        .setMaxRetries(0)
                        .build();
            }
            if (!schemaChecked) {
                checkSchema(client);
                schemaChecked = true;
            }
            return client;
        }

        /**
         * RowBinary carries no types, so a column encoded as another type than the table's would garble every
         * value after it. Before the first insert the server's column types are compared with the encoding's.
         */
        private void checkSchema(Client c) {
            Map<String, String> actual = new LinkedHashMap<>();
            for (GenericRecord r : c.queryAll("SELECT name, type FROM system.columns WHERE database = {db:String} "
                    + "AND table = {t:String}", Map.of("db", database, "t", table.name()))) {
                actual.put(r.getString("name"), withoutLowCardinality(r.getString("type")));
            }
            if (actual.isEmpty()) {
                throw new SchemaMismatch("table " + where() + " does not exist; run the migrations first");
            }
            List<String> differences = new ArrayList<>();
            table.columnTypes().forEach((column, type) -> {
                String found = actual.get(column);
                if (!type.equals(found)) {
                    differences.add(column + " is " + (found == null ? "missing" : found) + ", the sink writes " + type);
                }
            });
            if (!differences.isEmpty()) {
                throw new SchemaMismatch("the sink cannot write " + where() + ": " + String.join("; ", differences));
            }
        }

        static String withoutLowCardinality(String type) {
            String t = type;
            String before;
            do {
                before = t;
                t = t.replaceAll("LowCardinality\\(([^()]*(\\([^()]*\\))?[^()]*)\\)", "$1");
            } while (!t.equals(before));
            return t;
        }

        private void closeClient() {
            if (client != null) {
                client.close();
                client = null;
            }
        }

        @Override
        public void close() throws InterruptedException {
            // rows not flushed by now are not acknowledged by any checkpoint: a restart writes them again
            sender.shutdownNow();
            sender.awaitTermination(1, TimeUnit.MINUTES);
            closeClient();
            refusedRows.close();
        }
    }

    /** Rows in the order they arrived, their RowBinary encoding, and where each row's bytes end in it. */
    private static final class Batch<T> {
        final List<T> rows = new ArrayList<>();
        final RowBinary encoded = new RowBinary(1 << 16);
        int[] ends = new int[1024];

        void add(T row) {
            if (rows.size() == ends.length) {
                ends = Arrays.copyOf(ends, ends.length * 2);
            }
            ends[rows.size()] = encoded.size();
            rows.add(row);
        }

        void clear() {
            rows.clear();
            encoded.truncate(0);
        }
    }

    /** The table on the server is not what the sink encodes: a deployment error, so the job stops and says so. */
    static final class SchemaMismatch extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        SchemaMismatch(String message) {
            super(message);
        }
    }
}
