package org.mentorpulse.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
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
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.testing.LocalStackExtension;

/**
 * Our RowBinary encoding against the real server, one column of every kind our tables use: what the sink sends
 * is read back as exactly the values it was given (edges included: NULLs, UTF-8 and long strings, the largest
 * unsigned values, negative numbers, empty and non-empty maps and arrays). And a table whose type differs from the
 * encoding stops the sink before it writes, naming the column.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RowBinaryIT {
    private static final String DB = "mentorpulse_rowbinary_it";

    /** One row with a value for every column kind. */
    public static final class Sample implements Serializable {
        private static final long serialVersionUID = 1L;
        public String id;
        public String text;
        public String code;
        public boolean flag;
        public int small;
        public int medium;
        public long large;
        public long huge;
        public int signed;
        public Integer maybeSmall;
        public Integer maybeMedium;
        public Integer maybeSigned;
        public Double maybeReal;
        public int day;
        public Integer maybeDay;
        public long at;
        public Long maybeAt;
        public List<String> names = new ArrayList<>();
        public Map<String, Double> reals = new LinkedHashMap<>();
        public Map<String, Integer> counts = new LinkedHashMap<>();
        public double[] scores = new double[0];
    }

    static final class SamplesTable extends ColumnTable<Sample> {
        private static final long serialVersionUID = 1L;

        SamplesTable() {
            super("samples");
            string("id", s -> s.id);
            string("text", s -> s.text);
            string("code", s -> s.code);
            bool("flag", s -> s.flag);
            uint8("small", s -> s.small);
            uint16("medium", s -> s.medium);
            uint32("large", s -> s.large);
            uint64("huge", s -> s.huge);
            int32("signed", s -> s.signed);
            nullableUint8("maybe_small", s -> s.maybeSmall);
            nullableUint16("maybe_medium", s -> s.maybeMedium);
            nullableInt32("maybe_signed", s -> s.maybeSigned);
            nullableFloat64("maybe_real", s -> s.maybeReal);
            date("day", s -> s.day);
            nullableDate("maybe_day", s -> s.maybeDay);
            utcTime("at", s -> s.at);
            nullableUtcTime("maybe_at", s -> s.maybeAt);
            stringArray("names", s -> s.names);
            float64Map("reals", s -> s.reals);
            uint32Map("counts", s -> s.counts);
            float64Array("scores", s -> s.scores);
        }
    }

    private static final String COLUMNS = "id String, text String, code LowCardinality(String), flag UInt8, "
            + "small UInt8, medium UInt16, large UInt32, huge UInt64, signed Int32, maybe_small Nullable(UInt8), "
            + "maybe_medium Nullable(UInt16), maybe_signed Nullable(Int32), maybe_real Nullable(Float64), day Date, "
            + "maybe_day Nullable(Date), at DateTime64(3, 'UTC'), maybe_at Nullable(DateTime64(3, 'UTC')), "
            + "names Array(LowCardinality(String)), reals Map(String, Float64), counts Map(String, UInt32), "
            + "scores Array(Float64)";

    private Endpoints endpoints;

    @BeforeEach
    void freshDatabase(Endpoints endpoints) throws Exception {
        this.endpoints = endpoints;
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement()) {
            LocalBackfill.dropDatabase(st, DB);
            st.execute("CREATE DATABASE " + DB);
        }
    }

    private void createTable(String columns) throws Exception {
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + DB + ".samples (" + columns + ") ENGINE = MergeTree ORDER BY id");
        }
    }

    private void write(List<Sample> samples) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        env.fromData(samples, TypeInformation.of(Sample.class))
                .sinkTo(new ClickHouseSink<>(new ClickHouseTarget(endpoints.clickhouseJdbcUrl(),
                        endpoints.clickhouseUser(), endpoints.clickhousePassword(), DB), new SamplesTable(),
                        RefusedRows.toDeadLetterTopic(endpoints.kafkaBootstrap())));
        env.execute("rowbinary-it");
    }

    private static Sample edges() {
        Sample s = new Sample();
        s.id = "a";
        s.text = "Zoë's \"notes\"\t\n ☕ " + "x".repeat(300);
        s.code = "video_call";
        s.flag = true;
        s.small = 255;
        s.medium = 65535;
        s.large = 4_294_967_295L;
        s.huge = Long.MAX_VALUE;
        s.signed = -2_000_000_000;
        s.maybeSmall = 7;
        s.maybeMedium = 65535;
        s.maybeSigned = -1;
        s.maybeReal = 0.1 + 0.2;
        s.day = (int) LocalDate.of(2026, 3, 2).toEpochDay();
        s.maybeDay = (int) LocalDate.of(2149, 6, 6).toEpochDay();
        s.at = 1_772_445_600_123L;
        s.maybeAt = 0L;
        s.names = List.of("mentor", "méntee", "");
        // Flink's serializer hands the sink a HashMap: these keys come back in this order from it
        s.reals.put("one_sided", -1.5e-9);
        s.reals.put("silence", 0.375);
        s.counts.put("chat", 0);
        s.counts.put("email", Integer.MAX_VALUE);
        s.scores = new double[] {0.5, -1.5e-9, Double.MAX_VALUE, 0.1 + 0.2};
        return s;
    }

    private static Sample nullsAndEmpties() {
        Sample s = new Sample();
        s.id = "b";
        s.text = null; // a String column's NULL is stored as its default, ''
        s.code = "";
        s.day = 0;
        s.at = -1_000L;
        return s;
    }

    private List<String> readBack() throws Exception {
        List<String> rows = new ArrayList<>();
        String[] columns = COLUMNS.split(", (?=[a-z_]+ )");
        StringBuilder select = new StringBuilder();
        for (String column : columns) {
            String name = column.substring(0, column.indexOf(' '));
            select.append(select.length() == 0 ? "" : ", '|', ").append("ifNull(toString(").append(name)
                    .append("), 'NULL')");
        }
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT concat(" + select + ") FROM " + DB + ".samples ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    @Test
    void everyColumnKindReadsBackAsWritten() throws Exception {
        createTable(COLUMNS);

        write(List.of(edges(), nullsAndEmpties()));

        assertThat(readBack()).containsExactly(
                "a|Zoë's \"notes\"\t\n ☕ " + "x".repeat(300) + "|video_call|1|255|65535|4294967295|9223372036854775807"
                        + "|-2000000000|7|65535|-1|0.30000000000000004|2026-03-02|2149-06-06|2026-03-02 10:00:00.123"
                        + "|1970-01-01 00:00:00.000|['mentor','méntee','']|{'one_sided':-1.5e-9,'silence':0.375}"
                        + "|{'chat':0,'email':2147483647}|[0.5,-1.5e-9,1.7976931348623157e308,0.30000000000000004]",
                "b|||0|0|0|0|0|0|NULL|NULL|NULL|NULL|1970-01-01|NULL|1969-12-31 23:59:59.000|NULL|[]|{}|{}|[]");
    }

    @Test
    void aTableOfAnotherTypeStopsTheSinkBeforeItWritesAndNamesTheColumn() throws Exception {
        createTable(COLUMNS.replace("medium UInt16", "medium UInt32"));

        assertThatThrownBy(() -> write(List.of(edges())))
                .rootCause()
                .hasMessageContaining(DB + ".samples")
                .hasMessageContaining("medium is UInt32, the sink writes UInt16");
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count() FROM " + DB + ".samples")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }
}
