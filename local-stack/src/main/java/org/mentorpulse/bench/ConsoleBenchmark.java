package org.mentorpulse.bench;

import java.io.PrintStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mentorpulse.analytics.job.EngagementRiskJob;
import org.mentorpulse.console.ActionPoster;
import org.mentorpulse.console.ConsoleApp;
import org.mentorpulse.console.Passwords;
import org.mentorpulse.console.TriageQueries;
import org.mentorpulse.pipeline.LocalBackfill;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.stack.StackException;
import org.mentorpulse.streams.alerts.Manager;
import org.mentorpulse.streams.alerts.ManagerDirectory;
import org.mentorpulse.testkit.generator.SyntheticProgram;
import org.mentorpulse.testkit.generator.SyntheticProgramGenerator;

/**
 * The triage console's page times with a large program loaded: a generated program of {@code matches} matches is
 * written to a throw-away topic and computed by the engagement job into a database of its own; an open alert is
 * recorded for every match whose latest day is stalled or at risk, as the alerting app would have raised it (the
 * alerting app itself is measured by {@link AlertLatencyBenchmark}); then a signed-in manager asks for each page
 * over HTTP, first to warm up, then measured. Figures are whole request times as a browser's request sees them.
 */
public final class ConsoleBenchmark {
    private static final String DATABASE = "mentorpulse_bench_console";
    private static final String PASSWORD = "benchmark password of the manager";

    /** One page's times in milliseconds. */
    public record PageTimes(String page, String path, int bytes, double p50, double p95, double max) {}

    private ConsoleBenchmark() {}

    public static List<PageTimes> run(Endpoints endpoints, Path stateDir, EngagementRiskJob.Options options,
            int matches, int warmUps, int requests, boolean keep, PrintStream out) throws Exception {
        SyntheticProgram program = LocalBackfill.loadProgram(endpoints, stateDir, options,
                () -> new SyntheticProgramGenerator(new SyntheticProgramGenerator.Options(4245, matches, 90,
                        LocalDate.of(2026, 3, 2))).generate(), DATABASE, out).program();
        int open = recordOpenAlerts(endpoints, program.programId());
        String stalled = firstMatch(endpoints, "stalled");
        out.printf("%,d open alerts recorded (one per match stalled or at risk on its latest day)%n", open);

        ManagerDirectory managers = new ManagerDirectory(List.of(new Manager("pm-bench", List.of(program.programId()),
                "Europe/Berlin", "en", false, "pm-bench@example.org", null, null, null,
                Passwords.hash(PASSWORD.toCharArray()))));
        try (ConsoleApp console = new ConsoleApp(managers, new TriageQueries(endpoints::openClickHouse, DATABASE),
                new ActionPoster("http://127.0.0.1:9", "unused", Clock.systemUTC()), false, Duration.ofHours(1),
                Clock.systemUTC())) {
            String base = "http://127.0.0.1:" + console.start("127.0.0.1", 0);
            HttpClient http = signIn(base, "pm-bench", PASSWORD);
            Map<String, String> pages = new LinkedHashMap<>();
            pages.put("open alerts, first page", "/");
            pages.put("open alerts, last page", "/?page=" + Math.max(1, (open + 49) / 50));
            pages.put("a stalled match", "/matches/" + stalled);
            pages.put("the program", "/programs/" + program.programId());
            List<PageTimes> results = new ArrayList<>();
            out.printf("Each page %d times to warm up, then %d times measured, one request at a time%n", warmUps,
                    requests);
            for (Map.Entry<String, String> page : pages.entrySet()) {
                int[] bytes = new int[1];
                RequestTimes.Percentiles p = RequestTimes.of(warmUps, requests,
                        () -> bytes[0] = get(http, base + page.getValue()).length());
                results.add(new PageTimes(page.getKey(), page.getValue(), bytes[0], p.p50(), p.p95(), p.max()));
            }
            out.printf("%n| page (%,d matches, %,d open alerts) | bytes | p50 ms | p95 ms | max ms |%n", matches, open);
            out.println("|---|---:|---:|---:|---:|");
            for (PageTimes r : results) {
                out.printf("| %s | %,d | %.1f | %.1f | %.1f |%n", r.page(), r.bytes(), r.p50(), r.p95(), r.max());
            }
            out.println("(target: every page under 200 ms)");
            return results;
        } finally {
            if (keep) {
                out.println("The program stays in the database " + DATABASE + " (the next run replaces it).");
            } else {
                try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement()) {
                    LocalBackfill.dropDatabase(st, DATABASE);
                }
            }
        }
    }

    /** A raised alert for every match stalled or at risk on its latest day, as the alerting app records one. */
    private static int recordOpenAlerts(Endpoints endpoints, String programId) throws SQLException {
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO " + DATABASE + ".alerts (alert_id, match_id, program_id, cohort_id, kind, "
                    + "transition, day, at, cause, actor, channel, held_out, nudge_due_at, recipient, version) "
                    + "SELECT concat(match_id, '/', level, '/', toString(day)), match_id, program_id, cohort_id, level, "
                    + "'raised', day, now64(3), why, '', '', 0, NULL, '', 1 FROM " + DATABASE + ".match_current "
                    + "WHERE program_id = '" + programId + "' AND level IN ('stalled', 'at_risk')");
            return (int) AnalyticsReplayBenchmark.count(st, "SELECT count() FROM " + DATABASE + ".alerts");
        }
    }

    private static String firstMatch(Endpoints endpoints, String level) throws SQLException {
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT min(match_id) FROM " + DATABASE + ".match_current WHERE level = '"
                        + level + "'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** An HTTP client signed in to the console at {@code base} as the manager (its cookies hold the session). */
    public static HttpClient signIn(String base, String manager, String password) throws Exception {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(get(http, base + "/login"));
        if (!csrf.find()) {
            throw new StackException("the console's sign-in page has no CSRF token");
        }
        String form = "csrf=" + csrf.group(1) + "&manager=" + URLEncoder.encode(manager, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 302 || !answer.headers().firstValue("Location").orElse("").equals("/")) {
            throw new StackException(manager + " could not sign in to the console (" + answer.statusCode() + ", "
                    + answer.headers().firstValue("Location").orElse("no redirect") + ")");
        }
        return http;
    }

    /** A page's HTML; any answer but 200 is an error. */
    public static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new StackException(url + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return answer.body();
    }
}
