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
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.mentorpulse.demo.Demo;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.testing.OwnStack;
import org.mentorpulse.warehouse.RefreshedViews;
import org.mentorpulse.warehouse.SchemaMigrator;
import org.mentorpulse.testkit.generator.SyntheticProgram;
import org.mentorpulse.testkit.generator.SyntheticProgramGenerator;

/**
 * Every panel of every provisioned dashboard, rendered as Grafana would render it ({@link GrafanaQuery}: the
 * template variables, then the ClickHouse plugin's macros), runs against the real ClickHouse loaded through the
 * whole pipeline with a generated program whose truth is known; the panels show what that program implies.
 */
@Tag("integration")
@Timeout(value = 6, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardQueriesIT {
    private static final Path DASHBOARDS = Path.of("..", "dashboards", "grafana", "dashboards");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Endpoints endpoints;
    private Demo.Result result;
    private GrafanaQuery.Range range;
    private Map<String, JsonNode> dashboards;

    /**
     * A stack of its own, holding this program alone: "now" on a dashboard is the latest evaluated day, which on
     * the shared log would depend on which other tests ran first.
     */
    @RegisterExtension
    static final OwnStack OWN = new OwnStack("dashboards-stack");

    @BeforeAll
    void loadAProgram() throws Exception {
        this.endpoints = OWN.stack().up();
        this.result = Demo.run(OWN.settings(), new SyntheticProgramGenerator.Options(23, 30, 90,
                SyntheticProgramGenerator.Options.demo().start()), System.out);
        // what a manager would pick: from before the program began until now (alerts carry the time they happened)
        this.range = new GrafanaQuery.Range(result.program().start().minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                Instant.now().plus(Duration.ofDays(1)), Duration.ofDays(1));
        this.dashboards = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode d = JSON.readTree(file.toFile());
                dashboards.put(d.get("uid").asText(), d);
            }
        }
    }

    private String program() {
        return result.program().programId();
    }

    private Set<String> cohorts() {
        return result.program().matches().stream().map(SyntheticProgram.PlantedMatch::cohortId)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private Set<String> plantedStalled(String cohort) {
        return result.planted().stream().filter(m -> cohort.equals("all") || m.cohortId().equals(cohort))
                .map(SyntheticProgram.PlantedMatch::matchId).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The rows of one panel, each as column -> value, for the given variable values. */
    private List<Map<String, String>> panel(String dashboard, String title, Map<String, String> variables)
            throws Exception {
        JsonNode panel = null;
        for (JsonNode p : dashboards.get(dashboard).get("panels")) {
            if (p.get("title").asText().equals(title)) {
                panel = p;
            }
        }
        assertThat(panel).as("panel '%s' of %s", title, dashboard).isNotNull();
        return run(dashboard, panel, variables);
    }

    private List<Map<String, String>> run(String dashboard, JsonNode panel, Map<String, String> variables)
            throws Exception {
        // only the variables the dashboard defines: a query naming another one fails here, as it would in Grafana
        Map<String, String> defined = new HashMap<>();
        for (JsonNode v : dashboards.get(dashboard).path("templating").path("list")) {
            String name = v.get("name").asText();
            if (variables.containsKey(name)) {
                defined.put(name, variables.get(name));
            }
        }
        String sql = GrafanaQuery.render(panel.get("targets").get(0).get("rawSql").asText(), range, defined);
        try {
            return query(sql);
        } catch (Exception e) {
            throw new AssertionError("panel '" + panel.get("title").asText() + "' of " + dashboard + " failed: "
                    + e.getMessage() + "\n" + sql, e);
        }
    }

    /** The rows of a query, as the dashboards' reader sees them, each as column -> value. */
    private List<Map<String, String>> query(String sql) throws Exception {
        List<Map<String, String>> rows = new ArrayList<>();
        try (Connection c = endpoints.openClickHouseAsReader(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private Map<String, String> vars(String... pairs) {
        Map<String, String> v = new HashMap<>(Map.of("program", program(), "cohort", "all", "level", "all"));
        for (int i = 0; i < pairs.length; i += 2) {
            v.put(pairs[i], pairs[i + 1]);
        }
        return v;
    }

    private static Set<String> column(List<Map<String, String>> rows, String name) {
        return rows.stream().map(r -> r.get(name)).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyPanelOfEveryDashboardRunsForTheProgramForEveryCohortAndLevel() throws Exception {
        assertThat(dashboards.keySet()).containsExactlyInAnyOrder("mentorpulse-program-overview",
                "mentorpulse-stalled-relationships", "mentorpulse-match-timeline", "mentorpulse-cohort-comparison",
                "mentorpulse-alerts-and-outreach", "mentorpulse-data-quality");
        String aMatch = result.planted().get(0).matchId();
        List<String> cohortChoices = new ArrayList<>(List.of("all"));
        cohortChoices.addAll(cohorts());
        for (Map.Entry<String, JsonNode> d : dashboards.entrySet()) {
            for (String cohort : cohortChoices) {
                for (String level : List.of("all", "stalled", "at_risk")) {
                    for (JsonNode panel : d.getValue().get("panels")) {
                        run(d.getKey(), panel, vars("cohort", cohort, "level", level, "match", aMatch));
                    }
                }
            }
            // the variables' own queries run too, and the program is among the programs offered
            for (JsonNode v : d.getValue().path("templating").path("list")) {
                if (v.get("type").asText().equals("query")) {
                    String sql = GrafanaQuery.render(v.get("query").asText(), range, Map.of("program", program()));
                    try (Connection c = endpoints.openClickHouseAsReader(); Statement st = c.createStatement();
                            ResultSet rs = st.executeQuery(sql)) {
                        List<String> values = new ArrayList<>();
                        while (rs.next()) {
                            values.add(rs.getString(1));
                        }
                        switch (v.get("name").asText()) {
                            case "program" -> assertThat(values).contains(program());
                            case "cohort" -> assertThat(values).containsExactlyElementsOf(
                                    Stream.concat(Stream.of("all"), cohorts().stream()).toList());
                            case "match" -> assertThat(values).hasSize(result.program().matches().size());
                            default -> throw new AssertionError("a variable this test does not know: " + v.get("name"));
                        }
                    }
                }
            }
        }
    }

    @Test
    void theStalledPanelListsExactlyThePlantedStalledMatchesAndACohortNarrowsItToThatCohorts() throws Exception {
        String stalledPanel = "Stalled: no two-way contact past their threshold";
        List<Map<String, String>> all = panel("mentorpulse-stalled-relationships", stalledPanel, vars());
        assertThat(column(all, "match_id")).isEqualTo(plantedStalled("all"));
        assertThat(all).allSatisfy(r -> assertThat(Integer.parseInt(r.get("days_overdue"))).isPositive());
        for (String cohort : cohorts()) {
            assertThat(column(panel("mentorpulse-stalled-relationships", stalledPanel, vars("cohort", cohort)),
                    "match_id")).as(cohort).isEqualTo(plantedStalled(cohort));
        }
        // the level variable: at_risk keeps the stalled table empty and the level table at_risk only
        assertThat(panel("mentorpulse-stalled-relationships", stalledPanel, vars("level", "at_risk"))).isEmpty();
        List<Map<String, String>> atRisk = panel("mentorpulse-stalled-relationships", "Matches at the chosen level",
                vars("level", "at_risk"));
        assertThat(column(atRisk, "level")).isSubsetOf(Set.of("at_risk"));
        assertThat(column(atRisk, "match_id")).isEqualTo(column(panel("mentorpulse-stalled-relationships",
                "At risk: act before they stall", vars()), "match_id"));
    }

    @Test
    void theOverviewCountsEveryMatchOnceAndItsStalledCountIsThePlantedOne() throws Exception {
        Map<String, Long> stats = new HashMap<>();
        for (String title : List.of("Active matches", "On track", "Watch", "At risk", "Stalled")) {
            stats.put(title, Long.parseLong(panel("mentorpulse-program-overview", title, vars()).get(0).get("matches")));
        }
        assertThat(stats.get("Stalled")).isEqualTo(plantedStalled("all").size());
        long ended = result.program().matches().size() - stats.get("Active matches");
        assertThat(stats.get("On track") + stats.get("Watch") + stats.get("At risk") + stats.get("Stalled") + ended)
                .isEqualTo(result.program().matches().size());
        String cohort = cohorts().iterator().next();
        assertThat(Long.parseLong(panel("mentorpulse-program-overview", "Stalled", vars("cohort", cohort)).get(0)
                .get("matches"))).isEqualTo(plantedStalled(cohort).size());
        List<Map<String, String>> weeks = panel("mentorpulse-program-overview",
                "Matches by level at the end of each week", vars());
        assertThat(weeks).hasSizeBetween(12, 15); // 90 days
        assertThat(Long.parseLong(weeks.get(weeks.size() - 1).get("stalled"))).isEqualTo(plantedStalled("all").size());
    }

    @Test
    void oneStalledMatchsTimelineShowsItsDaysItsSilenceAndItsOpenStalledAlert() throws Exception {
        SyntheticProgram.PlantedMatch stalled = result.planted().get(0);
        Map<String, String> v = vars("match", stalled.matchId());
        List<Map<String, String>> days = panel("mentorpulse-match-timeline", "Risk score and level over time", v);
        assertThat(days).isNotEmpty();
        Map<String, String> last = days.get(days.size() - 1);
        assertThat(Long.parseLong(last.get("silent_days")))
                .isEqualTo(stalled.daysSilentAt(java.time.LocalDate.parse(last.get("time").substring(0, 10))));
        List<Map<String, String>> alerts = panel("mentorpulse-match-timeline", "Alerts", v);
        assertThat(alerts).anySatisfy(a -> {
            assertThat(a.get("kind")).isEqualTo("stalled");
            assertThat(a.get("transition")).isEqualTo("raised");
        });
        assertThat(alerts).noneSatisfy(a -> assertThat(a.get("kind") + " " + a.get("transition"))
                .isEqualTo("stalled resolved"));
    }

    @Test
    void theAlertsDashboardHasAnOpenStalledAlertForEveryPlantedStallAndItsDeliveries() throws Exception {
        List<Map<String, String>> open = panel("mentorpulse-alerts-and-outreach", "Open alerts", vars());
        Set<String> openStalled = open.stream().filter(r -> r.get("kind").equals("stalled")).map(r -> r.get("match_id"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(openStalled).isEqualTo(plantedStalled("all"));
        List<Map<String, String>> deliveries = panel("mentorpulse-alerts-and-outreach",
                "Deliveries by channel and outcome", vars());
        assertThat(column(deliveries, "status")).containsOnly("sent");
        assertThat(column(deliveries, "channel")).contains("email", "webhook");
        try (Connection c = endpoints.openClickHouse()) {
            RefreshedViews.refreshAll(c, SchemaMigrator.MAIN_DATABASE); // the raised alerts just seen, rolled up
        }
        Set<String> arms = column(panel("mentorpulse-alerts-and-outreach",
                "Resumed two-way contact within 14 days: nudged vs held out", vars()), "arm");
        assertThat(arms).isNotEmpty().isSubsetOf(Set.of("nudged", "held out"));
    }

    /** A panel that reads a refreshed roll-up (V018), and the query it ran before: the roll-up's definition. */
    private record Reference(String dashboard, String title, String directSql) {}

    private static final List<Reference> ROLLED_UP = List.of(
            new Reference("mentorpulse-alerts-and-outreach", "Resumed two-way contact within 14 days: nudged vs held out", """
                    SELECT if(r.held_out = 1, 'held out', 'nudged') AS arm, count() AS alerts,
                           countIf(c.contact_days > 0) AS resumed_14d, round(countIf(c.contact_days > 0) / count(), 3) AS share
                    FROM (SELECT alert_id, held_out FROM mentorpulse.alerts FINAL WHERE transition = 'raised' AND program_id = ${program:singlequote} AND (${cohort:singlequote} = 'all' OR cohort_id = ${cohort:singlequote})) AS r
                    LEFT JOIN (
                        SELECT a.alert_id AS alert_id, countIf(d.two_way_contact = 1 AND d.day > a.day AND d.day <= a.day + 14) AS contact_days
                        FROM (SELECT alert_id, match_id, day FROM mentorpulse.alerts FINAL WHERE transition = 'raised' AND program_id = ${program:singlequote} AND (${cohort:singlequote} = 'all' OR cohort_id = ${cohort:singlequote})) AS a
                        INNER JOIN (SELECT match_id, day, two_way_contact FROM mentorpulse.match_daily FINAL
                                    WHERE is_deleted = 0 AND program_id = ${program:singlequote}) AS d ON d.match_id = a.match_id
                        GROUP BY a.alert_id) AS c ON c.alert_id = r.alert_id
                    GROUP BY arm ORDER BY arm
                    """),
            new Reference("mentorpulse-cohort-comparison", "Retention: share of matches still active by week since they started", """
                    SELECT cohort_id, intDiv(days_since_start, 7) AS week_since_start,
                           round(uniqExactIf(match_id, status = 'active') / uniqExact(match_id), 3) AS still_active
                    FROM mentorpulse.match_daily FINAL
                    WHERE program_id = ${program:singlequote} AND (${cohort:singlequote} = 'all' OR cohort_id = ${cohort:singlequote}) AND is_deleted = 0 AND days_since_start >= 0
                    GROUP BY cohort_id, week_since_start ORDER BY cohort_id, week_since_start
                    """),
            new Reference("mentorpulse-cohort-comparison", "Least active for their cohort", """
                    SELECT r.match_id, r.cohort_id, r.two_way_days_28d, round(r.activity_zscore, 2) AS zscore, r.activity_octile AS octile, r.day
                    FROM mentorpulse.match_cohort_relative AS r
                    WHERE r.program_id = ${program:singlequote} AND (${cohort:singlequote} = 'all' OR r.cohort_id = ${cohort:singlequote})
                      AND (r.match_id, r.day) IN (SELECT match_id, day FROM mentorpulse.match_latest)
                      AND r.activity_octile <= 2
                    ORDER BY r.activity_zscore, r.match_id
                    """),
            new Reference("mentorpulse-data-quality", "Events accepted per source", """
                    SELECT toStartOfHour(received_time) AS time, source, count() AS events
                    FROM mentorpulse.events FINAL
                    WHERE $__timeFilter(received_time)
                    GROUP BY time, source ORDER BY time, source
                    """),
            new Reference("mentorpulse-data-quality", "Freshness per source", """
                    SELECT source, count() AS events, max(received_time) AS last_received, max(time) AS newest_event_time,
                           dateDiff('second', max(received_time), now64(3)) AS seconds_since_last
                    FROM mentorpulse.events FINAL
                    GROUP BY source ORDER BY seconds_since_last DESC
                    """),
            new Reference("mentorpulse-program-overview", "Matches by level at the end of each week", """
                    SELECT toDateTime(week) AS time, countIf(level_at_week_end = 'stalled') AS stalled, countIf(level_at_week_end = 'at_risk') AS at_risk,
                           countIf(level_at_week_end = 'watch') AS watch, countIf(level_at_week_end = 'on_track') AS on_track
                    FROM mentorpulse.match_weekly
                    WHERE program_id = ${program:singlequote} AND (${cohort:singlequote} = 'all' OR cohort_id = ${cohort:singlequote}) AND $__dateFilter(week)
                    GROUP BY week ORDER BY week
                    """),
            new Reference("mentorpulse-stalled-relationships", "Risk levels over time", """
                    SELECT toDateTime(day) AS time, countIf(level = 'stalled') AS stalled, countIf(level = 'at_risk') AS at_risk,
                           countIf(level = 'watch') AS watch, countIf(level = 'on_track') AS on_track
                    FROM mentorpulse.match_risk FINAL
                    WHERE program_id = ${program:singlequote} AND (${cohort:singlequote} = 'all' OR cohort_id = ${cohort:singlequote}) AND $__dateFilter(day)
                    GROUP BY day ORDER BY day
                    """));

    /**
     * Each panel that reads a refreshed roll-up shows, once the roll-ups are refreshed, exactly the rows the direct
     * query over the day rows, risk rows, events and alerts gives. Compared on a quiet snapshot: if a source table
     * changed while the two were read (an alert arriving late), the comparison is made again.
     */
    @Test
    void everyRolledUpPanelShowsExactlyWhatItsDirectQueryGives() throws Exception {
        String aCohort = cohorts().iterator().next();
        for (Reference ref : ROLLED_UP) {
            for (String cohort : List.of("all", aCohort)) {
                Map<String, String> v = vars("cohort", cohort);
                long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                while (true) {
                    String before = sourcesFingerprint();
                    try (Connection c = endpoints.openClickHouse()) {
                        assertThat(RefreshedViews.refreshAll(c, SchemaMigrator.MAIN_DATABASE)).as("views refreshed")
                                .containsExactly("alert_followup_refresh", "cohort_relative_latest_refresh",
                                        "cohort_retention_refresh", "level_days_refresh", "level_weeks_refresh",
                                        "match_latest_refresh", "source_hours_refresh");
                    }
                    List<Map<String, String>> shown = comparable(panel(ref.dashboard(), ref.title(), v));
                    List<Map<String, String>> direct = comparable(query(GrafanaQuery.render(ref.directSql(),
                            range, v)));
                    if (before.equals(sourcesFingerprint())) {
                        assertThat(direct).as("%s for cohort %s: the direct query has rows to compare", ref.title(),
                                cohort).isNotEmpty();
                        assertThat(shown).as("%s for cohort %s", ref.title(), cohort).isEqualTo(direct);
                        break;
                    }
                    assertThat(System.nanoTime()).as("the sources of %s kept changing", ref.title())
                            .isLessThan(deadline);
                }
            }
        }
    }

    /** The rows without what depends on the moment of reading: the freshness panel's seconds since the last event. */
    private static List<Map<String, String>> comparable(List<Map<String, String>> rows) {
        rows.forEach(r -> r.remove("seconds_since_last"));
        return rows;
    }

    private String sourcesFingerprint() throws Exception {
        List<Map<String, String>> rows = query("SELECT (SELECT count() FROM mentorpulse.match_daily), "
                + "(SELECT count() FROM mentorpulse.match_risk), (SELECT count() FROM mentorpulse.events), "
                + "(SELECT count() FROM mentorpulse.alerts)");
        return rows.toString();
    }
}
