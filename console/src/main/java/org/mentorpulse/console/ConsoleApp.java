package org.mentorpulse.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import java.io.StringWriter;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.mentorpulse.config.ConfigurationException;
import org.mentorpulse.config.Settings;
import org.mentorpulse.streams.alerts.Manager;
import org.mentorpulse.streams.alerts.ManagerDirectory;
import org.mentorpulse.warehouse.ClickHouseConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The triage console: a program manager signs in (their password hash is in the managers file), sees the open
 * alerts of their programs in order of urgency with why each was raised and the match's recent days, and
 * acknowledges, snoozes, annotates or logs outreach; each action is an event posted to the log. A manager never
 * sees or acts on a match of another program (it answers 404, as for a match that does not exist).
 *
 * <p>Sessions are random 256-bit ids in an HttpOnly, SameSite=Strict cookie (Secure when
 * {@code console.secure-cookies}), kept in memory for {@code console.session-hours}; every form carries the
 * session's CSRF token, and sign-in is protected by a double-submitted one.
 */
public final class ConsoleApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleApp.class);
    static final String SESSION_COOKIE = "mp_session";
    static final String LOGIN_COOKIE = "mp_login";
    private static final Set<String> CHANNELS = Set.of("email", "chat", "sms", "platform", "video", "phone",
            "in_person", "other");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** a manager works down from the most urgent; hundreds of alerts on one page would only be slow */
    static final int ALERTS_PER_PAGE = 50;

    private record Session(String managerId, String csrf, Instant expires) {}

    private final Javalin app;
    private final ManagerDirectory managers;
    private final TriageQueries queries;
    private final ActionPoster actions;
    private final boolean secureCookies;
    private final Duration sessionLength;
    private final Clock clock;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final PebbleEngine pebble = new PebbleEngine.Builder().loader(loader()).strictVariables(true).build();

    public ConsoleApp(ManagerDirectory managers, TriageQueries queries, ActionPoster actions, boolean secureCookies,
            Duration sessionLength, Clock clock) {
        this.managers = managers;
        this.queries = queries;
        this.actions = actions;
        this.secureCookies = secureCookies;
        this.sessionLength = sessionLength;
        this.clock = clock;
        this.app = Javalin.create(config -> config.showJavalinBanner = false);
        app.before(ctx -> {
            ctx.header("X-Frame-Options", "DENY");
            ctx.header("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'");
            ctx.header("Referrer-Policy", "same-origin");
        });
        app.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
        app.get("/login", this::loginForm);
        app.post("/login", this::login);
        app.post("/logout", ctx -> signedIn(ctx).ifPresent(s -> {
            if (csrfOk(ctx, s)) {
                sessions.values().remove(s);
            }
            ctx.redirect("/login");
        }));
        app.get("/", ctx -> signedIn(ctx).ifPresent(s -> alerts(ctx, s)));
        app.get("/matches/{id}", ctx -> signedIn(ctx).ifPresent(s -> match(ctx, s)));
        app.get("/programs/{id}", ctx -> signedIn(ctx).ifPresent(s -> program(ctx, s)));
        app.post("/actions", ctx -> signedIn(ctx).ifPresent(s -> act(ctx, s)));
    }

    private static ClasspathLoader loader() {
        ClasspathLoader loader = new ClasspathLoader();
        loader.setPrefix("console/templates");
        loader.setSuffix(".peb");
        return loader;
    }

    private void render(Context ctx, String template, Map<String, Object> model) throws Exception {
        StringWriter out = new StringWriter();
        pebble.getTemplate(template).evaluate(out, model);
        ctx.contentType("text/html; charset=utf-8").result(out.toString());
    }

    private void loginForm(Context ctx) throws Exception {
        String token = token();
        ctx.header("Set-Cookie", cookie(LOGIN_COOKIE, token, 600));
        Map<String, Object> model = new HashMap<>();
        model.put("csrf", token);
        model.put("error", Optional.ofNullable(ctx.queryParam("error")).orElse(""));
        render(ctx, "login", model);
    }

    private void login(Context ctx) throws Exception {
        String expected = ctx.cookie(LOGIN_COOKIE);
        String sent = ctx.formParam("csrf");
        if (expected == null || sent == null || !same(expected, sent)) {
            refuse(ctx, HttpStatus.FORBIDDEN, "The sign-in form expired; open it again.");
            return;
        }
        String id = Optional.ofNullable(ctx.formParam("manager")).orElse("");
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        Optional<Manager> manager = managers.byId(id);
        // hash even for an unknown name, so the time taken does not tell which names exist
        boolean ok = Passwords.matches(password.toCharArray(), manager.map(Manager::consolePassword)
                .orElse("pbkdf2-sha256$" + Passwords.ITERATIONS + "$AAAAAAAAAAAAAAAAAAAAAA==$AAAA"));
        if (manager.isEmpty() || !ok) {
            LOG.warn("console sign-in refused for '{}'", id.length() > 64 ? id.substring(0, 64) : id);
            ctx.redirect("/login?error=unknown+manager+or+wrong+password");
            return;
        }
        String sessionId = token();
        sessions.put(sessionId, new Session(id, token(), clock.instant().plus(sessionLength)));
        ctx.header("Set-Cookie", cookie(SESSION_COOKIE, sessionId, (int) sessionLength.toSeconds()));
        ctx.redirect("/");
    }

    /** The session of a signed-in manager, or a redirect to the sign-in page. */
    private Optional<Session> signedIn(Context ctx) {
        String id = ctx.cookie(SESSION_COOKIE);
        Session s = id == null ? null : sessions.get(id);
        if (s == null || s.expires().isBefore(clock.instant())) {
            if (s != null) {
                sessions.remove(id);
            }
            ctx.redirect("/login");
            return Optional.empty();
        }
        return Optional.of(s);
    }

    private Set<String> programs(Session s) {
        return managers.byId(s.managerId()).map(m -> (Set<String>) new TreeSet<>(m.programs())).orElse(Set.of());
    }

    /** Fills a page's model; false when it has answered otherwise (a match or program out of reach). */
    private interface Page {
        boolean fill(Map<String, Object> model) throws Exception;
    }

    /** Renders a template for a signed-in manager; the data being unavailable is a 503, not a broken page. */
    private void page(Context ctx, Session s, String template, Page page) {
        try {
            Map<String, Object> model = base(ctx, s);
            if (page.fill(model)) {
                render(ctx, template, model);
            }
        } catch (Exception e) {
            unavailable(ctx, e);
        }
    }

    /**
     * The program of a match, if it is one of the manager's; otherwise the answer is a 404, the same as for a
     * match that does not exist, so another program's matches cannot even be told apart from none.
     */
    private Optional<String> ownMatch(Context ctx, Session s, String matchId) throws java.sql.SQLException {
        Optional<String> program = queries.programOf(matchId).filter(programs(s)::contains);
        if (program.isEmpty()) {
            refuse(ctx, HttpStatus.NOT_FOUND, "No such match among your programs.");
        }
        return program;
    }

    private void alerts(Context ctx, Session s) {
        int page;
        try {
            page = Integer.parseInt(Optional.ofNullable(ctx.queryParam("page")).orElse("1"));
        } catch (NumberFormatException e) {
            page = 0;
        }
        if (page < 1 || page > 100_000) {
            refuse(ctx, HttpStatus.BAD_REQUEST, "page must be a whole number from 1");
            return;
        }
        int number = page;
        page(ctx, s, "alerts", model -> {
            TriageQueries.AlertPage alerts = queries.openAlerts(programs(s), ALERTS_PER_PAGE,
                    (number - 1) * ALERTS_PER_PAGE);
            model.put("alerts", alerts.alerts());
            model.put("total", alerts.total());
            model.put("page", number);
            model.put("first", (number - 1) * ALERTS_PER_PAGE + 1);
            model.put("last", (number - 1) * ALERTS_PER_PAGE + alerts.alerts().size());
            model.put("more", number * ALERTS_PER_PAGE < alerts.total());
            return true;
        });
    }

    private void match(Context ctx, Session s) {
        String matchId = ctx.pathParam("id");
        page(ctx, s, "match", model -> {
            Optional<String> program = ownMatch(ctx, s, matchId);
            if (program.isEmpty()) {
                return false;
            }
            model.put("matchId", matchId);
            model.put("alerts", queries.openAlertsOf(Set.of(program.get()), matchId));
            model.put("days", queries.recentDays(matchId, 21));
            return true;
        });
    }

    private void program(Context ctx, Session s) {
        String programId = ctx.pathParam("id");
        page(ctx, s, "program", model -> {
            if (!programs(s).contains(programId)) {
                refuse(ctx, HttpStatus.NOT_FOUND, "No such program among yours.");
                return false;
            }
            model.put("programId", programId);
            model.put("chart", LevelChart.svg(queries.weeks(programId)));
            model.put("cohorts", queries.cohorts(programId));
            return true;
        });
    }

    private void act(Context ctx, Session s) {
        if (!csrfOk(ctx, s)) {
            refuse(ctx, HttpStatus.FORBIDDEN, "The form expired; reload the page.");
            return;
        }
        try {
            String matchId = Optional.ofNullable(ctx.formParam("match_id")).orElse("");
            if (ownMatch(ctx, s, matchId).isEmpty()) {
                return;
            }
            ObjectNode data = JSON.createObjectNode().put("staff_id", s.managerId());
            String alertId = ctx.formParam("alert_id");
            String action = Optional.ofNullable(ctx.formParam("action")).orElse("");
            String type;
            switch (action) {
                case "acknowledge" -> type = "org.mentorpulse.alert.acknowledged";
                case "snooze" -> {
                    type = "org.mentorpulse.alert.snoozed";
                    data.put("until", LocalDate.parse(Optional.ofNullable(ctx.formParam("until")).orElse("")).toString());
                }
                case "annotate" -> {
                    type = "org.mentorpulse.alert.annotated";
                    String note = Optional.ofNullable(ctx.formParam("note")).orElse("").strip();
                    if (note.isEmpty() || note.length() > 500) {
                        throw new IllegalArgumentException("a note has 1 to 500 characters");
                    }
                    data.put("note", note);
                }
                case "outreach" -> {
                    type = "org.mentorpulse.outreach.logged";
                    String channel = Optional.ofNullable(ctx.formParam("channel")).orElse("");
                    if (!CHANNELS.contains(channel)) {
                        throw new IllegalArgumentException("channel must be one of " + new TreeSet<>(CHANNELS));
                    }
                    data.put("channel", channel).put("outcome", ctx.formParam("outcome"));
                }
                default -> throw new IllegalArgumentException("unknown action '" + action + "'");
            }
            if (alertId != null && !alertId.isBlank() && !action.equals("outreach")) {
                data.put("alert_id", alertId);
            }
            actions.post(type, matchId, data);
            ctx.redirect("/?done=" + java.net.URLEncoder.encode(action + " " + matchId,
                    java.nio.charset.StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            refuse(ctx, HttpStatus.BAD_REQUEST, "Refused: " + e.getMessage());
        } catch (Exception e) {
            unavailable(ctx, e);
        }
    }

    private Map<String, Object> base(Context ctx, Session s) {
        Map<String, Object> model = new HashMap<>();
        model.put("manager", s.managerId());
        model.put("programs", List.copyOf(programs(s)));
        model.put("csrf", s.csrf());
        model.put("done", Optional.ofNullable(ctx.queryParam("done")).orElse(""));
        model.put("today", LocalDate.now(clock).toString());
        return model;
    }

    private void unavailable(Context ctx, Exception e) {
        LOG.error("console page failed", e);
        refuse(ctx, HttpStatus.SERVICE_UNAVAILABLE, "The data is not available right now: " + e.getMessage());
    }

    /** An answer other than the page asked for, as a page of its own (a browser shows it to a person). */
    private void refuse(Context ctx, HttpStatus status, String message) {
        ctx.status(status);
        try {
            render(ctx, "message", Map.of("heading", status.getMessage(), "message", message));
        } catch (Exception e) {
            ctx.contentType("text/plain; charset=utf-8").result(message);
        }
    }

    private static boolean csrfOk(Context ctx, Session s) {
        String sent = ctx.formParam("csrf");
        return sent != null && same(s.csrf(), sent);
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private String cookie(String name, String value, int maxAgeSeconds) {
        return name + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict"
                + (secureCookies ? "; Secure" : "");
    }

    public int start(String host, int port) {
        app.start(host, port);
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    /** The console from settings: the managers file, ClickHouse as the dashboard reader, the ingestion API. */
    public static ConsoleApp from(Settings settings, Clock clock) {
        String url = settings.string("clickhouse.url");
        String user = settings.string("clickhouse.user");
        String password = settings.string("clickhouse.password");
        return from(settings, () -> ClickHouseConnections.open(url, user, password),
                settings.string("console.ingestion-url"), settings.string("console.ingestion-key"), clock);
    }

    /** The console from settings, reading through {@code reader} and posting to the given ingestion API. */
    public static ConsoleApp from(Settings settings, TriageQueries.Reader reader, String ingestionUrl,
            String ingestionKey, Clock clock) {
        String managersFile = settings.string("alerts.managers-file");
        if (managersFile.isBlank()) {
            throw new ConfigurationException("alerts.managers-file is empty: the console needs the managers file "
                    + "(who may sign in, their programs and the hashes of their passwords, console_password)");
        }
        return new ConsoleApp(ManagerDirectory.read(java.nio.file.Path.of(managersFile)), new TriageQueries(reader),
                new ActionPoster(ingestionUrl, ingestionKey, clock), settings.flag("console.secure-cookies"),
                Duration.ofHours(settings.positiveInt("console.session-hours")), clock);
    }

    /** {@code java -cp ... org.mentorpulse.console.ConsoleApp --config console.properties}. */
    public static void main(String[] args) throws InterruptedException {
        Settings settings = Settings.fromCommandLine(LAYOUT, args);
        ConsoleApp console = from(settings, Clock.systemUTC());
        int port = console.start(settings.string("console.host"), settings.port("console.port"));
        LOG.info("triage console on http://{}:{}/", settings.string("console.host"), port);
        Runtime.getRuntime().addShutdownHook(new Thread(console::close));
        Thread.currentThread().join();
    }

    public static final Settings.Layout LAYOUT = new Settings.Layout(List.of(Settings.CONNECTION_DEFAULTS,
            "/streams-defaults.properties", "/console-defaults.properties"), Set.of());
}
