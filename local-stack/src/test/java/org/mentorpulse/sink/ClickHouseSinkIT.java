package org.mentorpulse.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mentorpulse.analytics.clickhouse.ClickHouseSink;
import org.mentorpulse.analytics.clickhouse.ClickHouseTarget;
import org.mentorpulse.analytics.clickhouse.ColumnTable;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.stack.FreePorts;
import org.mentorpulse.testing.LocalStackExtension;

/**
 * The ClickHouse sink against the real server: a row that can never be written stops the job with that row and
 * ClickHouse's reason (the rest of its batch is written), and a server that is away for a while is waited for
 * with backoff, without losing a row.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClickHouseSinkIT {
    private static final String DB = "mentorpulse_sink_it";

    /** (id, value): value must be a number for the table, so a row with letters can never be written. */
    static final class NumbersTable extends ColumnTable<String> {
        private static final long serialVersionUID = 1L;

        NumbersTable() {
            super("numbers");
            column("id", (ps, i, row) -> ps.setString(i, row.split("=")[0]));
            column("value", (ps, i, row) -> ps.setString(i, row.split("=")[1]));
        }
    }

    private Endpoints endpoints;

    @BeforeEach
    void freshTable(Endpoints endpoints) throws Exception {
        this.endpoints = endpoints;
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DB);
            st.execute("CREATE DATABASE " + DB);
            st.execute("CREATE TABLE " + DB + ".numbers (id String, value UInt32) ENGINE = MergeTree ORDER BY id");
        }
    }

    private static List<String> rows(int n, int badAt) {
        List<String> rows = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            rows.add("r" + i + "=" + (i == badAt ? "eleven" : Integer.toString(i)));
        }
        return rows;
    }

    private static void run(List<String> rows, ClickHouseTarget target, ClickHouseSink.Batching batching)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        env.fromData(rows, Types.STRING).sinkTo(new ClickHouseSink<>(target, new NumbersTable(), batching));
        env.execute("clickhouse-sink-it");
    }

    private List<String> stored() throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id FROM " + DB + ".numbers ORDER BY toUInt32(substring(id, 2))")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    @Test
    void aRowThatCanNeverBeWrittenStopsTheJobWithTheRowAndTheReasonAndTheRestIsWritten() throws Exception {
        ClickHouseTarget target = new ClickHouseTarget(endpoints.clickhouseJdbcUrl(), endpoints.clickhouseUser(),
                endpoints.clickhousePassword(), DB);

        assertThatThrownBy(() -> run(rows(16, 11), target, ClickHouseSink.Batching.defaults()))
                .satisfies(e -> {
                    Throwable unwritable = ExceptionUtils.findThrowable(e, ClickHouseSink.UnwritableRowException.class)
                            .orElseThrow(() -> new AssertionError("no UnwritableRowException in " + e));
                    assertThat(unwritable.getMessage()).contains(DB + ".numbers").contains("r11=eleven");
                });
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 16; i++) {
            if (i != 11) {
                expected.add("r" + i);
            }
        }
        assertThat(stored()).containsExactlyElementsOf(expected);
    }

    @Test
    void aServerThatIsAwayForAWhileIsWaitedForWithBackoff() throws Exception {
        URI server = URI.create(endpoints.clickhouseJdbcUrl().substring("jdbc:clickhouse:".length()));
        int port = FreePorts.pick();
        // nothing listens on the port for the first two seconds; then a relay to the real server opens there
        Thread relay = new Thread(() -> relay(port, server.getHost(), server.getPort(), Duration.ofSeconds(2)));
        relay.setDaemon(true);
        relay.start();
        ClickHouseTarget target = new ClickHouseTarget("jdbc:clickhouse:http://127.0.0.1:" + port,
                endpoints.clickhouseUser(), endpoints.clickhousePassword(), DB);

        long started = System.nanoTime();
        run(rows(100, -1), target, new ClickHouseSink.Batching(5000, Duration.ofSeconds(1), 6,
                Duration.ofMillis(400), Duration.ofSeconds(2)));

        assertThat(stored()).hasSize(100);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofSeconds(2));
    }

    /** A plain TCP relay that starts listening after a delay: a server that comes back. */
    private static void relay(int port, String host, int targetPort, Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
            try (ServerSocket listener = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
                while (!Thread.currentThread().isInterrupted()) {
                    Socket client = listener.accept();
                    Socket upstream = new Socket(host, targetPort);
                    pipe(client.getInputStream(), upstream.getOutputStream());
                    pipe(upstream.getInputStream(), client.getOutputStream());
                }
            }
        } catch (IOException | InterruptedException e) {
            // the test is over
        }
    }

    private static void pipe(InputStream in, OutputStream out) {
        Thread t = new Thread(() -> {
            try (in; out) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // one side closed
            }
        });
        t.setDaemon(true);
        t.start();
    }
}
