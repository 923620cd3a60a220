package org.mentorpulse.sink;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mentorpulse.analytics.clickhouse.ClickHouseSink;
import org.mentorpulse.analytics.clickhouse.ClickHouseTarget;
import org.mentorpulse.analytics.clickhouse.ColumnTable;
import org.mentorpulse.analytics.clickhouse.RefusedRows;
import org.mentorpulse.pipeline.LocalBackfill;
import org.mentorpulse.schema.DeadLetter;
import org.mentorpulse.schema.Topics;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.testing.LocalStackExtension;

/**
 * The ClickHouse sink against the real server: a row that can never be written goes to the dead-letter topic
 * with ClickHouse's reason while the rest of its batch is written and the job goes on, and a server that is away
 * for a while is waited for with backoff, without losing a row.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClickHouseSinkIT {
    private static final String DB = "mentorpulse_sink_it";

    /** (id, value): the table's constraint wants value to be digits, so a row with letters can never be written. */
    static final class NumbersTable extends ColumnTable<String> {
        private static final long serialVersionUID = 1L;

        NumbersTable() {
            super("numbers");
            string("id", row -> row.split("=")[0]);
            string("value", row -> row.split("=")[1]);
        }
    }

    private Endpoints endpoints;

    @BeforeEach
    void freshTable(Endpoints endpoints) throws Exception {
        this.endpoints = endpoints;
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement()) {
            LocalBackfill.dropDatabase(st, DB);
            st.execute("CREATE DATABASE " + DB);
            st.execute("CREATE TABLE " + DB + ".numbers (id String, value String, "
                    + "CONSTRAINT numeric CHECK match(value, '^[0-9]+$')) ENGINE = MergeTree ORDER BY id");
        }
    }

    private static List<String> rows(int n, int badAt) {
        List<String> rows = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            rows.add("r" + i + "=" + (i == badAt ? "eleven" : Integer.toString(i)));
        }
        return rows;
    }

    private void run(List<String> rows, ClickHouseTarget target, ClickHouseSink.Batching batching)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        env.fromData(rows, Types.STRING).sinkTo(new ClickHouseSink<>(target, new NumbersTable(), batching,
                RefusedRows.toDeadLetterTopic(endpoints.kafkaBootstrap())));
        env.execute("clickhouse-sink-it");
    }

    /** The dead letters the sink wrote for this test's table. */
    private List<DeadLetter> sinkLetters() throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-sink-letters-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(Topics.DEAD_LETTERS).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            // read up to the end offsets taken after the job finished: every letter it wrote is before them
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    DeadLetter letter = DeadLetter.fromJson(r.value());
                    if (RefusedRows.COMPONENT.equals(letter.rejectedBy()) && letter.errors().get(0).reason()
                            .contains(DB + ".numbers")) {
                        letters.add(letter);
                    }
                }
            }
        }
        return letters;
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
    void aRowThatCanNeverBeWrittenIsDeadLetteredWithTheReasonAndTheRestIsWritten() throws Exception {
        ClickHouseTarget target = new ClickHouseTarget(endpoints.clickhouseJdbcUrl(), endpoints.clickhouseUser(),
                endpoints.clickhousePassword(), DB);

        run(rows(16, 11), target, ClickHouseSink.Batching.defaults());

        assertThat(sinkLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.originalPayload()).isEqualTo("r11=eleven");
            assertThat(letter.payloadEncoding()).isEqualTo(DeadLetter.TEXT_PAYLOAD);
            assertThat(letter.errors().get(0).code()).isEqualTo("unwritable");
            assertThat(letter.errors().get(0).reason()).contains("numeric").contains("violated");
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
        // the "server" hangs up on the first two connections, then relays to the real one: the sink's outcome
        // follows from how many tries it is turned away, not from how long anything takes
        Relay relay = new Relay(server.getHost(), server.getPort(), 2);
        ClickHouseTarget target = new ClickHouseTarget("jdbc:clickhouse:http://127.0.0.1:" + relay.port(),
                endpoints.clickhouseUser(), endpoints.clickhousePassword(), DB);

        run(rows(100, -1), target, new ClickHouseSink.Batching(5000, Duration.ofSeconds(1), 6,
                Duration.ofMillis(400), Duration.ofSeconds(2)));

        assertThat(stored()).hasSize(100);
        assertThat(relay.turnedAway()).as("connections hung up on before the server came back").isEqualTo(2);
        relay.close();
    }

    /** A TCP relay to the real server that hangs up on its first {@code away} connections: a server that comes back. */
    private static final class Relay implements AutoCloseable {
        private final ServerSocket listener;
        private final java.util.concurrent.atomic.AtomicInteger turnedAway = new java.util.concurrent.atomic.AtomicInteger();

        Relay(String host, int targetPort, int away) throws IOException {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread accepting = new Thread(() -> {
                try {
                    while (true) {
                        Socket client = listener.accept();
                        if (turnedAway.get() < away) {
                            turnedAway.incrementAndGet();
                            client.close();
                            continue;
                        }
                        Socket upstream = new Socket(host, targetPort);
                        pipe(client.getInputStream(), upstream.getOutputStream());
                        pipe(upstream.getInputStream(), client.getOutputStream());
                    }
                } catch (IOException e) {
                    // closed: the test is over
                }
            });
            accepting.setDaemon(true);
            accepting.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        int turnedAway() {
            return turnedAway.get();
        }

        @Override
        public void close() throws IOException {
            listener.close();
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
