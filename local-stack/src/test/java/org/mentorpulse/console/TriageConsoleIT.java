package org.mentorpulse.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.mentorpulse.config.Settings;
import org.mentorpulse.demo.Demo;
import org.mentorpulse.demo.StalledRelationshipsQuery;
import org.mentorpulse.pipeline.EmbeddedPipeline;
import org.mentorpulse.pipeline.LocalBackfill;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.stack.LocalStack;
import org.mentorpulse.testing.Chromium;
import org.mentorpulse.testing.OwnStack;
import org.mentorpulse.testing.Waiting;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.mentorpulse.streams.alerts.Manager;
import org.mentorpulse.streams.alerts.ManagerDirectory;
import org.mentorpulse.testkit.generator.SyntheticProgram;
import org.mentorpulse.testkit.generator.SyntheticProgramGenerator;
import org.mentorpulse.warehouse.RefreshedViews;
import org.mentorpulse.warehouse.SchemaMigrator;

/**
 * The triage console against a stack of its own, loaded through the pipeline with a generated program, the
 * pipeline running behind it. In headless Chromium: a manager signs in, sees the planted stalled matches,
 * acknowledges one and sees it acknowledged once the pipeline has processed it, reads the program page on a
 * laptop and a phone, and cannot open another program's match; every page is screenshotted (under
 * {@code target/browser/}) and checked by axe-core. Over plain HTTP: the cookie's flags, CSRF, program scoping of
 * every route and action, and a refused action.
 */
@Tag("integration")
@Timeout(value = 6, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TriageConsoleIT {
    private Endpoints endpoints;
    private Demo.Result loaded;
    private EmbeddedPipeline pipeline;
    private ConsoleApp console;
    private String url;

    @RegisterExtension
    static final OwnStack OWN = new OwnStack("console-stack");

    @BeforeAll
    void start() throws Exception {
        Settings settings = OWN.settings();
        LocalStack stack = OWN.stack();
        endpoints = stack.up();
        loaded = Demo.run(settings, new SyntheticProgramGenerator.Options(29, 20, 90,
                SyntheticProgramGenerator.Options.demo().start()), System.out);
        pipeline = EmbeddedPipeline.start(endpoints, stack.stateDir(), settings, 0);
        ManagerDirectory managers = new ManagerDirectory(List.of(
                manager("pm-a", loaded.program().programId(), "correct horse battery staple"),
                manager("pm-b", "another-program", "another long passphrase")));
        console = new ConsoleApp(managers, new TriageQueries(endpoints::openClickHouseAsReader),
                new ActionPoster(pipeline.ingestionUrl(), pipeline.localKey(), Clock.systemUTC()), false,
                Duration.ofHours(1), Clock.systemUTC());
        url = "http://127.0.0.1:" + console.start("127.0.0.1", 0);
    }

    private static Manager manager(String id, String program, String password) {
        return new Manager(id, List.of(program), "Europe/Berlin", "en", false, id + "@example.org", null, null, null,
                Passwords.hash(password.toCharArray()));
    }

    @AfterAll
    void stop() {
        if (console != null) {
            console.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    /** A browser: its own cookies, no automatic redirects. */
    private static final class Browser {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        final String base;

        Browser(String base) {
            this.base = base;
        }

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
            String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
            return http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }

        static String csrf(String html) {
            Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(html);
            assertThat(m.find()).as("a CSRF token in the page").isTrue();
            return m.group(1);
        }

        /** Signs in and returns the page's CSRF token. */
        String signIn(String manager, String password) throws Exception {
            HttpResponse<String> form = get("/login");
            HttpResponse<String> signedIn = post("/login", Map.of("csrf", csrf(form.body()), "manager", manager,
                    "password", password));
            assertThat(signedIn.statusCode()).isEqualTo(302);
            assertThat(signedIn.headers().firstValue("Location")).hasValue("/");
            return csrf(get("/").body());
        }
    }

    private String plantedStalled() {
        return loaded.planted().get(0).matchId();
    }

    @Test
    void aManagerSignsInAndSeesEveryPlantedStalledMatchOfTheirProgramWithWhy() throws Exception {
        Browser browser = new Browser(url);
        assertThat(browser.get("/").statusCode()).isEqualTo(302);
        HttpResponse<String> wrong = browser.post("/login", Map.of("csrf", Browser.csrf(browser.get("/login").body()),
                "manager", "pm-a", "password", "not it"));
        assertThat(wrong.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/login?error"));

        browser.signIn("pm-a", "correct horse battery staple");
        HttpResponse<String> page = browser.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        for (SyntheticProgram.PlantedMatch m : loaded.planted()) {
            assertThat(page.body()).contains("href=\"/matches/" + m.matchId() + "\"");
        }
        assertThat(page.body()).contains("days without two-way contact", "Why: no two-way contact for",
                "points", "Acknowledge", "Snooze", "Annotate", "Log outreach");
        HttpResponse<String> overview = browser.get("/programs/" + loaded.program().programId());
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("<svg", "Matches by level at the end of each week",
                ", " + loaded.planted().size() + " stalled.</desc>");
        for (String cohort : loaded.program().matches().stream().map(SyntheticProgram.PlantedMatch::cohortId)
                .distinct().toList()) {
            assertThat(overview.body()).contains("<td>" + cohort + "</td>");
        }
        HttpResponse<String> match = browser.get("/matches/" + plantedStalled());
        assertThat(match.statusCode()).isEqualTo(200);
        assertThat(match.body()).contains("Recent days", "<td>stalled</td>");
    }

    /**
     * The program page reads roll-ups (refreshed every minute); once refreshed they hold what the day rows say,
     * worked out the way the page used to (the level each match ended each week at, each match's latest day).
     */
    @Test
    void theProgramPagesRollUpsHoldWhatTheDayRowsSay() throws Exception {
        String program = loaded.program().programId();
        List<TriageQueries.Week> weeks = new java.util.ArrayList<>();
        List<TriageQueries.Cohort> cohorts = new java.util.ArrayList<>();
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement()) {
            RefreshedViews.refreshAll(c, SchemaMigrator.MAIN_DATABASE);
            try (ResultSet rs = st.executeQuery("""
                    SELECT toString(week), countIf(level = 'stalled'), countIf(level = 'at_risk'),
                           countIf(level = 'watch'), countIf(level = 'on_track')
                    FROM (SELECT match_id, toMonday(day) AS week, argMax(level, day) AS level
                          FROM mentorpulse.match_daily FINAL
                          WHERE program_id = '%s' AND is_deleted = 0
                          GROUP BY match_id, week)
                    GROUP BY week ORDER BY week""".formatted(program))) {
                while (rs.next()) {
                    weeks.add(new TriageQueries.Week(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4),
                            rs.getInt(5)));
                }
            }
            try (ResultSet rs = st.executeQuery("""
                    SELECT cohort_id, count(), countIf(level = 'stalled'), countIf(level = 'at_risk'),
                           quantileExact(0.5)(two_way_days_28d)
                    FROM (SELECT match_id, argMax(cohort_id, day) AS cohort_id, argMax(level, day) AS level,
                                 argMax(two_way_days_28d, day) AS two_way_days_28d
                          FROM mentorpulse.match_daily FINAL
                          WHERE program_id = '%s' AND is_deleted = 0
                          GROUP BY match_id)
                    GROUP BY cohort_id ORDER BY cohort_id""".formatted(program))) {
                while (rs.next()) {
                    cohorts.add(new TriageQueries.Cohort(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4),
                            rs.getDouble(5)));
                }
            }
        }
        TriageQueries queries = new TriageQueries(endpoints::openClickHouseAsReader);
        assertThat(weeks).as("the program's weeks from its day rows").hasSizeGreaterThan(10);
        assertThat(queries.weeks(program)).containsExactlyElementsOf(weeks);
        assertThat(cohorts.stream().mapToInt(TriageQueries.Cohort::matches).sum())
                .isEqualTo(loaded.program().matches().size());
        assertThat(queries.cohorts(program)).containsExactlyElementsOf(cohorts);
    }

    /**
     * The alerts pages take each match's latest day from the roll-up of latest days when it has caught up with the
     * day rows, and from the day rows when it has not: the same page either way, and the day rows' latest days.
     */
    @Test
    void theAlertsPagesShowEachMatchsLatestDayWhetherTheRollUpHasCaughtUpOrNot() throws Exception {
        String program = loaded.program().programId();
        TriageQueries queries = new TriageQueries(endpoints::openClickHouseAsReader);
        Map<String, String> latestDays = new java.util.HashMap<>();
        TriageQueries.AlertPage fromRollUp;
        TriageQueries.AlertPage fromDayRows;
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement()) {
            RefreshedViews.refreshAll(c, SchemaMigrator.MAIN_DATABASE);
            fromRollUp = queries.openAlerts(java.util.Set.of(program), 1000, 0);
            try (ResultSet rs = st.executeQuery("""
                    SELECT match_id, argMax(score, day), argMax(why, day)
                    FROM mentorpulse.match_daily FINAL
                    WHERE program_id = '%s' AND is_deleted = 0
                    GROUP BY match_id""".formatted(program))) {
                while (rs.next()) {
                    latestDays.put(rs.getString(1), rs.getInt(2) + " " + rs.getString(3));
                }
            }
            st.execute("TRUNCATE TABLE mentorpulse.match_latest");
            try {
                fromDayRows = queries.openAlerts(java.util.Set.of(program), 1000, 0);
            } finally {
                RefreshedViews.refreshAll(c, SchemaMigrator.MAIN_DATABASE);
            }
        }
        assertThat(fromRollUp.alerts()).as("the program's open alerts").isNotEmpty()
                .extracting(TriageQueries.OpenAlert::matchId).contains(plantedStalled());
        assertThat(fromRollUp.alerts()).allSatisfy(a -> assertThat(a.score() + " " + a.why())
                .as(a.matchId()).isEqualTo(latestDays.get(a.matchId())));
        assertThat(fromDayRows).isEqualTo(fromRollUp);
    }

    /**
     * The ranking reads each match's latest day without {@code FINAL}: a newer version of a day must still win over
     * the older one, and a tombstone must hide its day (the match then ranks by the day before it), as
     * {@code FINAL} would have it. On a copy of the program's day rows and alerts in a database of its own, which
     * the running pipeline does not write to while the test changes it.
     */
    @Test
    void theAlertsRankingTakesTheNewestVersionOfEachMatchsLatestDayAndNeverATombstone() throws Exception {
        String program = loaded.program().programId();
        String db = "mentorpulse_console_ranking";
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement()) {
            LocalBackfill.dropDatabase(st, db);
            new SchemaMigrator().migrate(c, db);
            RefreshedViews.stopPeriodic(c, db); // its roll-up of latest days stays empty: details from the day rows
            for (String table : List.of("match_daily", "alerts")) {
                st.execute("INSERT INTO " + db + "." + table + " SELECT * FROM mentorpulse." + table
                        + " WHERE program_id = '" + program + "'");
            }
            TriageQueries queries = new TriageQueries(endpoints::openClickHouse, db);
            List<TriageQueries.OpenAlert> before = queries.openAlerts(Set.of(program), 1000, 0).alerts();
            assertThat(before).hasSizeGreaterThanOrEqualTo(2);
            String corrected = before.get(0).matchId();
            String deleted = before.get(1).matchId();
            // a newer version of one match's latest day, thirty days more silent; a tombstone over the other's,
            // whose own columns (fifty days more silent) must count for nothing
            long tombstonesBefore = tombstones(st, db, deleted);
            st.execute(newerVersionOfLatestDay(db, corrected,
                    "days_since_two_way_contact + 30 AS days_since_two_way_contact"));
            st.execute(newerVersionOfLatestDay(db, deleted,
                    "days_since_two_way_contact + 50 AS days_since_two_way_contact, 1 AS is_deleted"));
            assertThat(tombstones(st, db, deleted)).as("the tombstone written").isEqualTo(tombstonesBefore + 1);
            Map<String, Integer> silentFinal = new java.util.HashMap<>();
            try (ResultSet rs = st.executeQuery("""
                    SELECT match_id, argMax(days_since_two_way_contact, day)
                    FROM %s.match_daily FINAL
                    WHERE program_id = '%s' AND is_deleted = 0
                    GROUP BY match_id""".formatted(db, program))) {
                while (rs.next()) {
                    silentFinal.put(rs.getString(1), rs.getInt(2));
                }
            }
            List<TriageQueries.OpenAlert> after = queries.openAlerts(Set.of(program), 1000, 0).alerts();
            Map<String, Integer> silentBefore = before.stream().collect(Collectors.toMap(
                    TriageQueries.OpenAlert::matchId, TriageQueries.OpenAlert::daysSilent, (x, y) -> x));
            Map<String, Integer> silentAfter = after.stream().collect(Collectors.toMap(
                    TriageQueries.OpenAlert::matchId, TriageQueries.OpenAlert::daysSilent, (x, y) -> x));
            assertThat(silentAfter.get(corrected)).isEqualTo(silentBefore.get(corrected) + 30);
            assertThat(silentAfter.get(deleted)).as("the day before the tombstone's")
                    .isEqualTo(silentFinal.get(deleted)).isLessThan(silentBefore.get(deleted) + 50);
            assertThat(after).allSatisfy(a -> assertThat(a.daysSilent()).as(a.matchId())
                    .isEqualTo(silentFinal.get(a.matchId())));
            assertThat(after).extracting(TriageQueries.OpenAlert::alertId)
                    .containsExactlyInAnyOrderElementsOf(
                            before.stream().map(TriageQueries.OpenAlert::alertId).toList());
            LocalBackfill.dropDatabase(st, db);
        }
    }

    private static long tombstones(Statement st, String db, String match) throws java.sql.SQLException {
        try (ResultSet rs = st.executeQuery("SELECT count() FROM " + db + ".match_daily WHERE match_id = '" + match
                + "' AND is_deleted = 1")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** An INSERT of a match's latest live day again, as a newer version, with {@code replace} (a REPLACE list). */
    private static String newerVersionOfLatestDay(String db, String match, String replace) {
        // the row is chosen in a subquery: a REPLACE'd column's alias would shadow it in this SELECT's own WHERE
        return "INSERT INTO " + db + ".match_daily SELECT * REPLACE (version + 1 AS version, " + replace
                + ") FROM (SELECT * FROM " + db + ".match_daily FINAL WHERE match_id = '" + match
                + "' AND is_deleted = 0 ORDER BY day DESC LIMIT 1)";
    }

    @Test
    void theSessionCookieIsHttpOnlyAndStrictAndEveryActionNeedsTheSessionsToken() throws Exception {
        Browser browser = new Browser(url);
        HttpResponse<String> form = browser.get("/login");
        HttpResponse<String> signedIn = browser.post("/login", Map.of("csrf", Browser.csrf(form.body()), "manager",
                "pm-a", "password", "correct horse battery staple"));
        assertThat(signedIn.headers().firstValue("Set-Cookie")).hasValueSatisfying(c ->
                assertThat(c).startsWith("mp_session=").contains("HttpOnly", "SameSite=Strict"));
        HttpResponse<String> forged = browser.post("/actions", Map.of("csrf", "forged", "match_id", plantedStalled(),
                "action", "acknowledge"));
        assertThat(forged.statusCode()).isEqualTo(403);
        // a sign-in form posted without the cookie it came with (from another site) is refused
        Browser other = new Browser(url);
        assertThat(other.post("/login", Map.of("csrf", Browser.csrf(form.body()), "manager", "pm-a", "password",
                "correct horse battery staple")).statusCode()).isEqualTo(403);
    }

    @Test
    void aManagerNeverSeesNorActsOnAnotherProgramsMatch() throws Exception {
        Browser browser = new Browser(url);
        String csrf = browser.signIn("pm-b", "another long passphrase");
        assertThat(browser.get("/").body()).contains("No open alerts in your programs.")
                .doesNotContain(plantedStalled());
        assertThat(browser.get("/matches/" + plantedStalled()).statusCode()).isEqualTo(404);
        assertThat(browser.get("/programs/" + loaded.program().programId()).statusCode()).isEqualTo(404);
        assertThat(browser.post("/actions", Map.of("csrf", csrf, "match_id", plantedStalled(), "action",
                "acknowledge")).statusCode()).isEqualTo(404);
        assertThat(alertRows(plantedStalled(), "acknowledged")).isZero();
    }

    @Test
    void anAcknowledgementTravelsThroughTheLogIntoTheAlertsTableAndBackOntoThePage() throws Exception {
        Browser browser = new Browser(url);
        String csrf = browser.signIn("pm-a", "correct horse battery staple");
        String match = loaded.planted().get(loaded.planted().size() - 1).matchId();
        String alertId = queryString("SELECT alert_id FROM mentorpulse.alerts FINAL WHERE match_id = '" + match
                + "' AND kind = 'stalled' AND transition = 'raised' ORDER BY at DESC LIMIT 1");
        Map<String, String> form = new LinkedHashMap<>(Map.of("csrf", csrf, "match_id", match, "alert_id", alertId,
                "action", "acknowledge"));
        HttpResponse<String> sent = browser.post("/actions", form);
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(302);
        awaitAlertRow(match, "acknowledged");
        assertThat(queryString("SELECT actor FROM mentorpulse.alerts FINAL WHERE alert_id = '" + alertId
                + "' AND transition = 'acknowledged'")).isEqualTo("pm-a");
        String page = browser.get("/matches/" + match).body();
        assertThat(page).contains("<strong>Acknowledged.</strong>");
        assertThat(browser.post("/actions", Map.of("csrf", csrf, "match_id", match, "alert_id", alertId, "action",
                "snooze", "until", "not a date")).statusCode()).isEqualTo(400);
    }

    @Test
    void inChromiumAManagerAcknowledgesAPlantedStallAndCannotOpenAnotherProgramsMatch() throws Exception {
        // the HTTP tests use the first planted match (never acknowledged) and the last (acknowledged there)
        assertThat(loaded.planted()).hasSizeGreaterThanOrEqualTo(3);
        String match = loaded.planted().get(1).matchId();
        String program = loaded.program().programId();
        try (Chromium chromium = Chromium.start(Path.of("target", "browser", "triage-console"))) {
            WebDriver web = chromium.driver();
            web.get(url + "/");
            assertThat(web.getCurrentUrl()).isEqualTo(url + "/login");
            chromium.screenshot("1-sign-in");
            chromium.assertAccessible("the sign-in page");
            signIn(web, "pm-a", "correct horse battery staple");

            // the planted stalls whose match has not ended since (an ended match's alert is resolved)
            Set<String> expected = new TreeSet<>(loaded.plantedIds());
            try (Connection c = endpoints.openClickHouse()) {
                expected.retainAll(StalledRelationshipsQuery.stalledNow(c, loaded.program().programId()));
            }
            assertThat(expected).contains(match);
            Waiting.until("the open stalled alerts " + expected + " listed", () -> {
                web.navigate().refresh();
                return web.findElements(By.cssSelector("section.alert.stalled h2 a")).stream()
                        .map(WebElement::getText).collect(Collectors.toCollection(TreeSet::new));
            }, expected::equals);
            chromium.screenshot("2-open-alerts");
            chromium.assertAccessible("the open alerts");

            alertSection(web, match).findElement(By.xpath(".//button[text()='Acknowledge']")).click();
            new WebDriverWait(web, PAGE_WAIT).until(ExpectedConditions.urlContains("/?done="));
            assertThat(web.findElement(By.cssSelector("p.done")).getText())
                    .startsWith("Sent: acknowledge " + match + ".");
            chromium.screenshot("3-acknowledgement-sent");
            awaitAlertRow(match, "acknowledged");
            assertThat(queryString("SELECT actor FROM mentorpulse.alerts FINAL WHERE match_id = '" + match
                    + "' AND transition = 'acknowledged'")).isEqualTo("pm-a");
            web.get(url + "/matches/" + match);
            assertThat(alertSection(web, match).getText()).contains("Acknowledged.");
            assertThat(web.findElements(By.cssSelector("main table tbody tr"))).isNotEmpty();
            chromium.screenshot("4-match-acknowledged");
            chromium.assertAccessible("a match's page");

            web.get(url + "/programs/" + program);
            assertThat(web.findElement(By.cssSelector("main svg")).isDisplayed()).isTrue();
            chromium.screenshot("5-program");
            chromium.assertAccessible("the program page");
            chromium.resize(390, 844);
            web.navigate().refresh();
            assertThat(chromium.elementsWiderThanTheWindow()).as("the program page on a phone").isEmpty();
            chromium.screenshot("6-program-on-a-phone");
            web.get(url + "/");
            assertThat(chromium.elementsWiderThanTheWindow()).as("the open alerts on a phone").isEmpty();
            chromium.screenshot("7-open-alerts-on-a-phone");
            chromium.resize(1280, 1000);

            web.findElement(By.xpath("//header//button[text()='Sign out']")).click();
            new WebDriverWait(web, PAGE_WAIT).until(ExpectedConditions.urlToBe(url + "/login"));
            signIn(web, "pm-b", "another long passphrase");
            assertThat(web.findElement(By.tagName("main")).getText()).contains("No open alerts in your programs.")
                    .doesNotContain(match);
            web.get(url + "/matches/" + match);
            assertThat(web.findElement(By.tagName("h1")).getText()).isEqualTo("Not Found");
            assertThat(web.findElement(By.tagName("main")).getText()).contains("No such match among your programs.");
            chromium.screenshot("8-another-programs-match");
            chromium.assertAccessible("the not-found page");
        }
    }

    private static final Duration PAGE_WAIT = Duration.ofSeconds(30);

    private void signIn(WebDriver web, String manager, String password) {
        web.findElement(By.id("manager")).sendKeys(manager);
        web.findElement(By.id("password")).sendKeys(password);
        web.findElement(By.xpath("//main//button[text()='Sign in']")).click();
        new WebDriverWait(web, PAGE_WAIT).until(ExpectedConditions.urlToBe(url + "/"));
    }

    /** The section of a match's alert on the current page. */
    private static WebElement alertSection(WebDriver web, String match) {
        return web.findElement(By.xpath("//section[contains(@class, 'alert')][.//h2/a[text()='" + match + "']]"));
    }

    /** Waits until the pipeline has written a transition of the match into {@code mentorpulse.alerts}. */
    private void awaitAlertRow(String match, String transition) throws Exception {
        Waiting.until("the " + transition + " transition of " + match + " in mentorpulse.alerts",
                () -> alertRows(match, transition), n -> n > 0);
    }

    private long alertRows(String match, String transition) throws Exception {
        return Long.parseLong(queryString("SELECT count() FROM mentorpulse.alerts FINAL WHERE match_id = '" + match
                + "' AND transition = '" + transition + "'"));
    }

    private String queryString(String sql) throws Exception {
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
