package org.mentorpulse.research;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.testing.LocalStackExtension;
import org.mentorpulse.warehouse.ClickHouseConnections;

/**
 * The research export on the real server, read as the researcher: the Parquet files ClickHouse writes are read
 * back with an independent reader (DuckDB) and agree with the tables row for row; the manifest's checksums are
 * the files'; the data dictionary carries the columns' comments.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ResearchExportIT {
    private static final String COLUMNS = "match_pseudonym, program_id, cohort_pseudonym, toString(start_date), "
            + "outcome, closed_early, duration_days";
    private Endpoints endpoints;

    @BeforeEach
    void plant(Endpoints endpoints) throws SQLException {
        this.endpoints = endpoints;
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO mentorpulse_research.match_outcomes (match_pseudonym, program_id, "
                    + "cohort_pseudonym, start_date, censor_date, outcome, closed_early, duration_days, version) "
                    + "SELECT concat('px-', leftPad(toString(number), 3, '0')), 'prog-export', "
                    + "concat('cohort-', toString(number % 2)), toDate('2026-01-05') + number, toDate('2026-06-01'), "
                    + "if(number % 4 = 0, 'closed_early', 'completed'), toUInt8(number % 4 = 0), 60 + number, 1 "
                    + "FROM numbers(12)");
        }
    }

    @AfterEach
    void clean() throws SQLException {
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement()) {
            st.execute("DELETE FROM mentorpulse_research.match_outcomes WHERE program_id = 'prog-export'");
        }
    }

    private ResearchExport.Source researcher() {
        return new ResearchExport.Source(ClickHouseConnections.httpUrlOf(endpoints.clickhouseJdbcUrl()),
                endpoints.researcher().user(), endpoints.researcher().password());
    }

    @Test
    void parquetWrittenByClickHouseReadsBackWithDuckDbAsTheTableAndTheManifestVouchesForIt() throws Exception {
        Path dir = Path.of("target", "research-export", "parquet");
        Clock clock = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);
        List<ResearchExport.ExportedFile> files = ResearchExport.run(researcher(), dir, ResearchExport.Format.PARQUET,
                "key-2026-11", clock, new PrintStream(new ByteArrayOutputStream()));
        assertThat(files).extracting(ResearchExport.ExportedFile::file)
                .containsExactly("match_outcomes.parquet", "cohort_outcomes.parquet", "program_outcomes.parquet");

        List<String> table;
        try (Connection c = endpoints.openClickHouse()) {
            table = rows(c, "SELECT " + COLUMNS + " FROM mentorpulse_research.match_outcomes FINAL ORDER BY match_pseudonym");
        }
        List<String> exported;
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            exported = rows(duck, "SELECT " + COLUMNS.replace("toString(start_date)", "CAST(start_date AS VARCHAR)")
                    + " FROM read_parquet('" + dir.resolve("match_outcomes.parquet").toAbsolutePath()
                    + "') ORDER BY match_pseudonym");
            assertThat(rows(duck, "SELECT program_id, suppressed, matches, closed_early FROM read_parquet('"
                    + dir.resolve("program_outcomes.parquet").toAbsolutePath() + "') WHERE program_id = 'prog-export'"))
                    .containsExactly("prog-export 0 12 3");
        }
        assertThat(table).contains("px-000 prog-export cohort-0 2026-01-05 closed_early 1 60");
        assertThat(exported).isEqualTo(table);

        JsonNode manifest = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
        assertThat(manifest.get("extracted_at").asText()).isEqualTo("2026-11-29T12:00:00Z");
        assertThat(manifest.get("pseudonym_key_id").asText()).isEqualTo("key-2026-11");
        assertThat(manifest.get("schema_migrations").has("V013__suppress_small_cells.sql")).isTrue();
        for (JsonNode f : manifest.get("files")) {
            byte[] bytes = Files.readAllBytes(dir.resolve(f.get("file").asText()));
            assertThat(f.get("sha256").asText()).as(f.get("file").asText())
                    .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
            assertThat(f.get("bytes").asLong()).isEqualTo(bytes.length);
        }
        assertThat(manifest.get("files").get(0).get("rows").asLong()).isEqualTo(table.size());
        assertThat(Files.readString(dir.resolve("data-dictionary.md")))
                .contains("## match_outcomes", "| closed_early | UInt8 | the survival event: 1 if the match closed early |");
    }

    @Test
    void csvCarriesAHeaderAndOneLinePerRow() throws Exception {
        Path dir = Path.of("target", "research-export", "csv");
        ResearchExport.run(researcher(), dir, ResearchExport.Format.CSV, "none", Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream()));
        List<String> lines = Files.readAllLines(dir.resolve("program_outcomes.csv"));
        assertThat(lines.get(0)).isEqualTo("\"program_id\",\"suppressed\",\"matches\",\"closed_early\",\"completed\","
                + "\"active\",\"median_duration_days\"");
        assertThat(lines).contains("\"prog-export\",0,12,3,9,0,65.5");
    }

    /**
     * As of 2026-03-01: the 12 planted matches started on 5-16 January and ended (start + 60 + n days) from 6
     * March on, so every one is active then, censored on 1 March; only the 30-day window of those that started by
     * 31 January had closed.
     */
    @Test
    void asOfADateTheOutcomesAreThoseKnownThen() throws Exception {
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE mentorpulse_research.match_outcomes UPDATE end_date = start_date + duration_days, "
                    + "two_way_days_30d = 7, two_way_days_60d = 9 WHERE program_id = 'prog-export' "
                    + "SETTINGS mutations_sync = 2");
        }
        Path dir = Path.of("target", "research-export", "as-of");
        List<ResearchExport.ExportedFile> files = ResearchExport.run(researcher(), dir, ResearchExport.Format.PARQUET,
                "none", LocalDate.of(2026, 3, 1), Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream()));
        assertThat(files).extracting(ResearchExport.ExportedFile::file).containsExactly("match_outcomes.parquet");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            List<String> rows = rows(duck, "SELECT match_pseudonym, outcome, closed_early, CAST(censor_date AS VARCHAR), "
                    + "duration_days, end_date IS NULL, two_way_days_30d, two_way_days_60d FROM read_parquet('"
                    + dir.resolve("match_outcomes.parquet").toAbsolutePath() + "') WHERE program_id = 'prog-export' "
                    + "ORDER BY match_pseudonym");
            List<String> expected = new ArrayList<>();
            for (int n = 0; n < 12; n++) {
                LocalDate start = LocalDate.of(2026, 1, 5).plusDays(n);
                long duration = LocalDate.of(2026, 3, 1).toEpochDay() - start.toEpochDay();
                expected.add(String.format("px-%03d active 0 2026-03-01 %d true %s null", n, duration,
                        start.plusDays(29).isAfter(LocalDate.of(2026, 3, 1)) ? "null" : "7"));
            }
            assertThat(rows).containsExactlyElementsOf(expected);
        }
        JsonNode manifest = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
        assertThat(manifest.get("as_of").asText()).isEqualTo("2026-03-01");
        assertThat(manifest.get("files").get(0).get("query").asText()).contains("toDate('2026-03-01')");
    }

    private static List<String> rows(Connection connection, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(rs.getString(i));
                }
                out.add(String.join(" ", values));
            }
        }
        return out;
    }
}
