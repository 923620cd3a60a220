package org.mentorpulse.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaMigratorTest {

    @Test
    void migrationsAreNumberedWithoutGapsAndEachHasStatements() {
        List<SchemaMigrator.Migration> migrations = new SchemaMigrator().available();
        assertThat(migrations).isNotEmpty();
        for (int i = 0; i < migrations.size(); i++) {
            assertThat(migrations.get(i).version()).isEqualTo(i + 1);
            assertThat(migrations.get(i).statements()).isNotEmpty();
        }
        assertThat(migrations).extracting(SchemaMigrator.Migration::name)
                .contains("V001__events.sql", "V002__match_risk.sql");
    }

    @Test
    void everyMigrationFileIsInTheIndexSoNoneIsForgotten() throws Exception {
        // the index is what ships; a file beside it that it does not name would never be applied
        List<String> files;
        try (var listing = java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/clickhouse/migrations"))) {
            files = listing.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted().toList();
        }
        assertThat(new SchemaMigrator().available()).extracting(SchemaMigrator.Migration::name)
                .containsExactlyElementsOf(files);
    }

    @Test
    void statementsAreSplitOnLineEndingSemicolonsAndCommentsDropped() {
        String sql = "-- a comment; with a semicolon\nCREATE TABLE a (x UInt8)\nENGINE = Memory;\n\nDROP TABLE b;\n";
        assertThat(SchemaMigrator.splitStatements(sql))
                .containsExactly("CREATE TABLE a (x UInt8)\nENGINE = Memory", "DROP TABLE b");
    }
}
