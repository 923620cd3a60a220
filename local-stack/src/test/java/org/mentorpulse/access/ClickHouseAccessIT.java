package org.mentorpulse.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mentorpulse.config.Settings;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.stack.LocalStack;
import org.mentorpulse.stack.clickhouse.ClickHouseUsers;
import org.mentorpulse.warehouse.ClickHouseAccess.Account;
import org.mentorpulse.testing.LocalStackExtension;
import org.mentorpulse.warehouse.ClickHouseConnections;

/**
 * The ClickHouse users of SPEC 8 against the real server: each can do what it must and is refused what it must
 * not, by the server (code 497, not enough privileges; 164, read-only; 396, too many rows).
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ClickHouseAccessIT {
    private static final String TABLE = "mentorpulse.access_probe";
    private static final String RESEARCH_TABLE = "mentorpulse_research.access_probe";

    private Endpoints endpoints;
    private Settings settings;
    private LocalStack stack;

    @BeforeEach
    void probeTables(Endpoints endpoints, Settings settings, LocalStack stack) throws SQLException {
        this.endpoints = endpoints;
        this.settings = settings;
        this.stack = stack;
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement()) {
            for (String table : new String[] {TABLE, RESEARCH_TABLE}) {
                st.execute("CREATE OR REPLACE TABLE " + table + " (id UInt32, note String) ENGINE = MergeTree ORDER BY id");
                st.execute("INSERT INTO " + table + " VALUES (1, 'one'), (2, 'two')");
            }
        }
    }

    /** The writer, with the password the stack generated (none is configured for the test stack). */
    private Connection writer() throws SQLException {
        Account writer = ClickHouseUsers.local(settings, stack.stateDir()).writer();
        return ClickHouseConnections.open(endpoints.clickhouseJdbcUrl(), writer.user(), writer.password());
    }

    @Test
    void theReaderReadsTheLiveDatabaseOnlyAndWritesNothing() throws SQLException {
        try (Connection c = endpoints.openClickHouseAsReader(); Statement st = c.createStatement()) {
            assertThat(count(st, "SELECT count() FROM " + TABLE)).isEqualTo(2);
            assertRefused(st, "SELECT count() FROM " + RESEARCH_TABLE, "497");
            assertRefused(st, "INSERT INTO " + TABLE + " VALUES (3, 'three')", "164", "497");
            assertRefused(st, "CREATE TABLE mentorpulse.reader_made (x UInt8) ENGINE = Memory", "164", "497");
            assertRefused(st, "ALTER TABLE " + TABLE + " DELETE WHERE id = 1", "164", "497");
            assertRefused(st, "DROP TABLE " + TABLE, "164", "497");
        }
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement()) {
            assertThat(count(st, "SELECT count() FROM " + TABLE)).isEqualTo(2);
        }
    }

    @Test
    void theResearcherReadsTheResearchDatabaseOnlyWithinItsLimits() throws SQLException {
        try (Connection c = endpoints.openClickHouseAsResearcher(); Statement st = c.createStatement()) {
            assertThat(count(st, "SELECT count() FROM " + RESEARCH_TABLE)).isEqualTo(2);
            assertRefused(st, "SELECT count() FROM " + TABLE, "497");
            assertRefused(st, "SELECT count() FROM mentorpulse.events", "497");
            assertRefused(st, "INSERT INTO " + RESEARCH_TABLE + " VALUES (3, 'three')", "164", "497");
            // the limits are the researcher's profile's and cannot be raised by the researcher
            assertThat(string(st, "SELECT getSetting('max_result_rows')"))
                    .isEqualTo(settings.string("clickhouse.researcher-max-result-rows"));
            assertThat(Double.parseDouble(string(st, "SELECT getSetting('max_execution_time')")))
                    .isEqualTo(settings.positiveInt("clickhouse.researcher-max-seconds"));
            assertThat(string(st, "SELECT getSetting('max_memory_usage')"))
                    .isEqualTo(settings.string("clickhouse.researcher-max-memory-bytes"));
            assertRefused(st, "SET max_result_rows = 0", "452");
        }
    }

    @Test
    void theWriterWritesTheMentorpulseDatabasesOnly() throws SQLException {
        try (Connection c = writer(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO " + TABLE + " VALUES (3, 'three')");
            st.execute("INSERT INTO " + RESEARCH_TABLE + " VALUES (3, 'three')");
            assertThat(count(st, "SELECT count() FROM " + TABLE)).isEqualTo(3);
            // a replay or benchmark database beside the live one
            st.execute("CREATE DATABASE IF NOT EXISTS mentorpulse_access_probe");
            st.execute("CREATE TABLE mentorpulse_access_probe.t (x UInt8) ENGINE = ReplacingMergeTree ORDER BY x");
            st.execute("INSERT INTO mentorpulse_access_probe.t VALUES (1)");
            assertRefused(st, "CREATE TABLE mentorpulse_access_probe.m (x UInt8) ENGINE = Memory", "497");
            st.execute("DROP DATABASE mentorpulse_access_probe");
            assertRefused(st, "CREATE DATABASE other_database", "497");
            assertRefused(st, "CREATE USER intruder IDENTIFIED WITH no_password", "497", "ACCESS_STORAGE");
        }
    }

    private static void assertRefused(Statement st, String sql, String... codes) {
        assertThatThrownBy(() -> st.execute(sql)).as(sql).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(e.getMessage()).as(sql).containsAnyOf(codeMarkers(codes)));
    }

    private static String[] codeMarkers(String... codes) {
        String[] out = new String[codes.length];
        for (int i = 0; i < codes.length; i++) {
            out[i] = codes[i].matches("\\d+") ? "Code: " + codes[i] : codes[i];
        }
        return out;
    }

    private static long count(Statement st, String sql) throws SQLException {
        return Long.parseLong(string(st, sql));
    }

    private static String string(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
