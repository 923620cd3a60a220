package org.mentorpulse.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mentorpulse.pipeline.LocalBackfill;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.testing.LocalStackExtension;

/**
 * V020 turns the risk factor maps of {@code match_daily} into arrays, with the maps kept as aliases: rows written
 * before it read exactly as they did, tombstones included, also after the migration is run a second time (as
 * after a failure half way), and {@code match_latest} takes the new shape.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class FactorArraysMigrationIT {
    private static final String DB = "mentorpulse_factor_arrays_probe";
    private static final String V020 = "V020__factors_as_arrays.sql";
    private static final String ROWS = "SELECT concat(match_id, ' ', toString(day), ' ', toString(is_deleted), ' ', "
            + "toString(factors), ' ', toString(factor_values), ' ', why) FROM " + DB + ".match_daily "
            + "ORDER BY match_id, day";

    @Test
    void rowsWrittenBeforeTheMigrationReadAsTheyDidAndTheArraysHoldTheFactorsInOrder(Endpoints endpoints)
            throws Exception {
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement()) {
            LocalBackfill.dropDatabase(st, DB);
            assertThat(new SchemaMigrator(withoutV020()).migrate(c, DB)).doesNotContain(V020);
            st.execute("INSERT INTO " + DB + ".match_daily (match_id, day, program_id, level, score, factors, "
                    + "factor_values, why, version) VALUES "
                    + "('m1', '2026-03-04', 'p', 'watch', 40, {'overdue': 30.5, 'one_sidedness': 0, 'unreliability': 9.5, "
                    + "'declining_trend': 0, 'low_satisfaction': 0, 'missed_milestones': 0, 'friction': 0}, "
                    + "{'overdue': 0.61, 'one_sidedness': 0, 'unreliability': 0.5, 'declining_trend': 0, "
                    + "'low_satisfaction': 0, 'missed_milestones': 0, 'friction': 0.125}, 'silent', 1), "
                    + "('m1', '2026-03-05', 'p', 'on_track', 1, {'overdue': 1, 'one_sidedness': 0, 'unreliability': 0, "
                    + "'declining_trend': 0, 'low_satisfaction': 0, 'missed_milestones': 0, 'friction': 0}, "
                    + "{'overdue': 0.02, 'one_sidedness': 0, 'unreliability': 0, 'declining_trend': 0, "
                    + "'low_satisfaction': 0, 'missed_milestones': 0, 'friction': 0}, '', 2)");
            st.execute("INSERT INTO " + DB + ".match_daily (match_id, day, program_id, level, version, is_deleted) "
                    + "VALUES ('m2', '2026-03-04', 'p', 'deleted', 3, 1)");
            List<String> before = rows(st, ROWS);
            assertThat(before).containsExactly(
                    "m1 2026-03-04 0 {'overdue':30.5,'one_sidedness':0,'unreliability':9.5,'declining_trend':0,"
                            + "'low_satisfaction':0,'missed_milestones':0,'friction':0} {'overdue':0.61,"
                            + "'one_sidedness':0,'unreliability':0.5,'declining_trend':0,'low_satisfaction':0,"
                            + "'missed_milestones':0,'friction':0.125} silent",
                    "m1 2026-03-05 0 {'overdue':1,'one_sidedness':0,'unreliability':0,'declining_trend':0,"
                            + "'low_satisfaction':0,'missed_milestones':0,'friction':0} {'overdue':0.02,"
                            + "'one_sidedness':0,'unreliability':0,'declining_trend':0,'low_satisfaction':0,"
                            + "'missed_milestones':0,'friction':0} ",
                    "m2 2026-03-04 1 {} {} ");

            assertThat(new SchemaMigrator().migrate(c, DB)).containsExactlyElementsOf(fromV020());
            assertThat(rows(st, ROWS)).containsExactlyElementsOf(before);
            assertThat(rows(st, "SELECT concat(toString(factor_point_array), ' ', toString(factor_value_array)) FROM "
                    + DB + ".match_daily ORDER BY match_id, day")).containsExactly(
                    "[30.5,0,9.5,0,0,0,0] [0.61,0,0.5,0,0,0,0.125]",
                    "[1,0,0,0,0,0,0] [0.02,0,0,0,0,0,0]",
                    "[] []");
            assertThat(rows(st, "SELECT default_kind FROM system.columns WHERE database = '" + DB
                    + "' AND table = 'match_daily' AND name IN ('factors', 'factor_values')"))
                    .containsExactly("ALIAS", "ALIAS");

            // run again, as after a failure at its last step: the same rows, the same shape
            for (String statement : v020Statements()) {
                st.execute(statement.replace("mentorpulse.", DB + "."));
            }
            assertThat(rows(st, ROWS)).containsExactlyElementsOf(before);

            // the latest day per match, by the refreshed table in the new shape (the tombstone is gone under FINAL)
            RefreshedViews.refreshAll(c, DB);
            assertThat(rows(st, "SELECT concat(match_id, ' ', toString(day), ' ', toString(factors)) FROM " + DB
                    + ".match_latest ORDER BY match_id")).containsExactly(
                    "m1 2026-03-05 {'overdue':1,'one_sidedness':0,'unreliability':0,'declining_trend':0,"
                            + "'low_satisfaction':0,'missed_milestones':0,'friction':0}");
            LocalBackfill.dropDatabase(st, DB);
        }
    }

    /** The names of V020 and of the migrations shipped after it. */
    private static List<String> fromV020() {
        return new SchemaMigrator().available().stream().map(SchemaMigrator.Migration::name)
                .dropWhile(name -> !name.equals(V020)).toList();
    }

    private static List<String> v020Statements() {
        return new SchemaMigrator().available().stream().filter(m -> m.name().equals(V020)).findFirst()
                .orElseThrow().statements();
    }

    /** The shipped migrations up to V019: a database as it was before this change. */
    private static ClassLoader withoutV020() {
        return new ClassLoader(SchemaMigrator.class.getClassLoader()) {
            @Override
            public InputStream getResourceAsStream(String name) {
                if (!name.equals("clickhouse/migrations/index.txt")) {
                    return super.getResourceAsStream(name);
                }
                try (InputStream in = super.getResourceAsStream(name)) {
                    String index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    String upTo19 = Arrays.stream(index.split("\n")).takeWhile(line -> !line.strip().equals(V020))
                            .collect(Collectors.joining("\n"));
                    return new ByteArrayInputStream(upTo19.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    private static List<String> rows(Statement st, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
