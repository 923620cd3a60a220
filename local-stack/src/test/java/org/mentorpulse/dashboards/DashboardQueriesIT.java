package org.mentorpulse.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.testing.LocalStackExtension;

/** Every panel query of the provisioned Grafana dashboards runs against the real schema and finds real rows. */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DashboardQueriesIT {
    private static final Path DASHBOARDS = Path.of("..", "dashboards", "grafana", "dashboards");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Grafana's time macros, replaced by what the plugin would send for a fixed range. */
    private static String withMacros(String sql) {
        return sql.replace("$__fromTime", "toDateTime('2026-01-01 00:00:00')")
                .replace("$__toTime", "toDateTime('2027-01-01 00:00:00')");
    }

    private static List<JsonNode> panels() throws Exception {
        List<JsonNode> panels = new ArrayList<>();
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                JSON.readTree(file.toFile()).get("panels").forEach(panels::add);
            }
        }
        return panels;
    }

    @Test
    void everyPanelQueryRunsAndTheStalledPanelShowsAStalledMatch(Endpoints endpoints) throws Exception {
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement()) {
            // five matches of one cohort on one day: one stalled, one at risk, three on track
            for (int i = 0; i < 5; i++) {
                String level = i == 0 ? "stalled" : i == 1 ? "at_risk" : "on_track";
                st.execute("INSERT INTO mentorpulse.match_daily (match_id, day, program_id, cohort_id, timezone, status, "
                        + "days_since_two_way_contact, two_way_days_28d, two_way_contact, meetings_held, "
                        + "silent_days_for_risk, stall_threshold_days, score, level, factors, factor_values, why, version) "
                        + "VALUES ('dashboard-it-m" + i + "', '2026-06-30', 'dashboard-it', 'dash-c', 'Europe/Berlin', "
                        + "'active', " + (40 - 9 * i) + ", " + i + ", " + (i > 2 ? 1 : 0) + ", " + (i > 3 ? 1 : 0)
                        + ", " + (40 - 9 * i) + ", 21, " + (90 - 20 * i) + ", '" + level + "', map('overdue', 45.0), "
                        + "map('overdue', 1.0), 'no two-way contact for a while', 1)");
            }
            st.execute("INSERT INTO mentorpulse.late_events (source, id, type, match_id, event_time, received_time, "
                    + "watermark, first_open_day, reason) VALUES ('it/dash', 'late-1', 'org.mentorpulse.meeting.held', "
                    + "'dashboard-it-m0', '2026-05-01 10:00:00', '2026-06-30 10:00:00', '2026-06-30 09:00:00', "
                    + "'2026-06-16', 'beyond_allowed_lateness')");

            List<JsonNode> panels = panels();
            assertThat(panels).isNotEmpty();
            for (JsonNode panel : panels) {
                for (JsonNode target : panel.get("targets")) {
                    String sql = withMacros(target.get("rawSql").asText());
                    List<String> rows = new ArrayList<>();
                    List<String> columns = new ArrayList<>();
                    try (ResultSet rs = st.executeQuery(sql)) {
                        ResultSetMetaData meta = rs.getMetaData();
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            columns.add(meta.getColumnLabel(i));
                        }
                        while (rs.next()) {
                            rows.add(rs.getString(1));
                        }
                    }
                    assertThat(rows).as("rows of panel '%s'", panel.get("title").asText()).isNotEmpty();
                    if (panel.get("title").asText().startsWith("Least active")) {
                        assertThat(rows).contains("dashboard-it-m0");
                    }
                    if (panel.get("title").asText().startsWith("Stalled now")) {
                        assertThat(columns).startsWith("match_id", "program_id", "cohort_id", "silent_days");
                        assertThat(rows).contains("dashboard-it-m0");
                    }
                }
            }
        }
    }
}
