package org.mentorpulse.console;


import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mentorpulse.warehouse.SchemaMigrator;

/**
 * What the console reads from ClickHouse, always within the programs of the manager asking: their open alerts in
 * order of urgency, and one match's recent days. Parameters are bound, never spliced into the SQL.
 */
public final class TriageQueries {
    /** Opens a connection as the dashboard reader. */
    public interface Reader {
        Connection open() throws SQLException;
    }

    /** One open alert as the console lists it; {@code contributions} holds the factors that added points. */
    public record OpenAlert(String alertId, String matchId, String programId, String cohortId, String kind,
            String raisedAt, boolean acknowledged, String snoozedUntil, int score, int daysSilent, int threshold,
            String why, Map<String, Double> contributions) {
        public int daysOverdue() {
            return Math.max(0, daysSilent - threshold);
        }
    }

    /** One day of a match. */
    public record Day(String day, String level, int score, boolean twoWay, int fromMentor, int fromMentee,
            int meetings) {}

    /** One page of open alerts, and how many there are in all. */
    public record AlertPage(List<OpenAlert> alerts, int total) {}

    private final Reader reader;
    private final String database;

    public TriageQueries(Reader reader) {
        this(reader, SchemaMigrator.MAIN_DATABASE);
    }

    /** Reads another database of the same schema (a replay's or a benchmark's) instead of {@code mentorpulse}. */
    public TriageQueries(Reader reader, String database) {
        if (!database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not a database name: " + database);
        }
        this.reader = reader;
        this.database = database;
    }

    /**
     * A page of the open alerts of these programs: stalled before at risk, then the longest overdue first (a
     * program of thousands of matches can have hundreds open; a manager works down from the top).
     */
    public AlertPage openAlerts(Set<String> programs, int limit, int offset) throws SQLException {
        return openAlerts(programs, "", limit, offset);
    }

    /** The open alerts of one match, if it is in one of these programs. */
    public List<OpenAlert> openAlertsOf(Set<String> programs, String matchId) throws SQLException {
        return openAlerts(programs, matchId, Integer.MAX_VALUE, 0).alerts();
    }

    /** An open alert ranked, before the details of its match's latest day (which day, which version) are read. */
    private record Ranked(String alertId, String matchId, String programId, String cohortId, String kind,
            String raisedAt, boolean acknowledged, String snoozedUntil, int daysSilent, int threshold, int total,
            String latestDay, long latestVersion) {}

    /** The latest day of a match as an alert shows it. */
    private record Latest(int score, String why, Map<String, Double> contributions) {}

    /**
     * In two steps, because reading the text and the factor map of every alerted match's latest day is what costs
     * (several times the rest in a program of thousands): rank every open alert by narrow columns, then read the
     * details of the page's matches only. Those come from {@code match_latest} (a row per match, refreshed every
     * minute) when it holds the very day and version the ranking found; the others (a day written since the last
     * refresh, a match too new to be in it) from the day rows, by key. Reading the page's fifty matches by key from
     * the day rows alone took 45 ms of the page's 190 at 10,000 matches: their rows share granules with most others.
     */
    private AlertPage openAlerts(Set<String> programs, String matchId, int limit, int offset) throws SQLException {
        String[] programIds = programs.toArray(new String[0]);
        // arrays are one parameter (has(?, program_id)), not one per element
        List<Ranked> ranked = rows("""
                SELECT a.alert_id, a.alert_match, a.alert_program, a.alert_cohort, a.alert_kind, toString(a.raised_at),
                       a.acknowledged, a.snoozed, m.days_silent, m.threshold, count() OVER () AS total,
                       toString(m.latest_day), m.latest_version
                FROM (SELECT alert_id, any(match_id) AS alert_match, any(program_id) AS alert_program,
                             any(cohort_id) AS alert_cohort, any(kind) AS alert_kind,
                             minIf(at, transition = 'raised') AS raised_at,
                             countIf(transition = 'acknowledged') > 0 AS acknowledged,
                             argMaxIf(cause, at, transition = 'snoozed') AS snoozed,
                             countIf(transition = 'resolved') AS resolved
                      FROM mentorpulse.alerts FINAL
                      WHERE has(?, program_id) AND (? = '' OR match_id = ?)
                      GROUP BY alert_id
                      HAVING resolved = 0) AS a
                INNER JOIN (SELECT match_id, argMax(days_since_two_way_contact, day) AS days_silent,
                                   argMax(stall_threshold_days, day) AS threshold,
                                   max(day) AS latest_day, argMax(version, day) AS latest_version
                            FROM mentorpulse.match_daily FINAL
                            WHERE has(?, program_id) AND (? = '' OR match_id = ?) AND is_deleted = 0
                            GROUP BY match_id) AS m ON m.match_id = a.alert_match
                ORDER BY a.alert_kind = 'stalled' DESC, m.days_silent - m.threshold DESC, a.alert_match
                LIMIT ? OFFSET ?""",
                List.of(programIds, matchId, matchId, programIds, matchId, matchId, limit, offset),
                rs -> new Ranked(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getBoolean(7), rs.getString(8), rs.getInt(9), rs.getInt(10),
                        rs.getInt(11), rs.getString(12), rs.getLong(13)));
        if (ranked.isEmpty()) {
            return new AlertPage(List.of(), 0);
        }
        Map<String, String> wanted = new HashMap<>(); // match -> "day/version" the ranking found latest
        ranked.forEach(r -> wanted.put(r.matchId(), r.latestDay() + "/" + r.latestVersion()));
        Map<String, Latest> latest = new HashMap<>();
        rows("""
                SELECT match_id, score, why, mapKeys(factors), mapValues(factors), toString(day), version
                FROM mentorpulse.match_latest
                WHERE has(?, program_id) AND has(?, match_id)""",
                List.of(programIds, wanted.keySet().toArray(new String[0])), rs -> {
                    if ((rs.getString(6) + "/" + rs.getLong(7)).equals(wanted.get(rs.getString(1)))) {
                        latest.put(rs.getString(1), latestOf(rs));
                    }
                    return null;
                });
        String[] behind = wanted.keySet().stream().filter(m -> !latest.containsKey(m)).toArray(String[]::new);
        if (behind.length > 0) {
            rows("""
                    SELECT match_id, argMax(score, day), argMax(why, day), mapKeys(argMax(factors, day)),
                           mapValues(argMax(factors, day))
                    FROM mentorpulse.match_daily FINAL
                    WHERE has(?, match_id) AND is_deleted = 0
                    GROUP BY match_id""", List.of((Object) behind),
                    rs -> latest.put(rs.getString(1), latestOf(rs)));
        }
        List<OpenAlert> alerts = new ArrayList<>();
        for (Ranked r : ranked) {
            Latest day = latest.get(r.matchId());
            alerts.add(new OpenAlert(r.alertId(), r.matchId(), r.programId(), r.cohortId(), r.kind(), r.raisedAt(),
                    r.acknowledged(), r.snoozedUntil(), day.score(), r.daysSilent(), r.threshold(), day.why(),
                    day.contributions()));
        }
        return new AlertPage(alerts, ranked.get(0).total());
    }

    /** A latest day's score, reasons and the factors that added points, from columns 2 to 5. */
    private static Latest latestOf(ResultSet rs) throws SQLException {
        Map<String, Double> contributions = new LinkedHashMap<>();
        Object[] keys = (Object[]) rs.getArray(4).getArray();
        Object[] values = (Object[]) rs.getArray(5).getArray();
        for (int i = 0; i < keys.length; i++) {
            double points = ((Number) values[i]).doubleValue();
            if (points > 0) {
                contributions.put(keys[i].toString(), points);
            }
        }
        return new Latest(rs.getInt(2), rs.getString(3), contributions);
    }

    /** A week of a program: how many matches ended it at each level. */
    public record Week(String week, int stalled, int atRisk, int watch, int onTrack) {}

    /** A cohort of a program at its latest evaluated days. */
    public record Cohort(String cohortId, int matches, int stalled, int atRisk, double medianContactDays) {}

    /**
     * The program's weeks, oldest first, from the roll-up the dashboards' weekly panel reads ({@code level_weeks},
     * recomputed every minute): on a program of 10,000 matches, working it out from the day rows took most of the
     * page's 250 ms.
     */
    public List<Week> weeks(String programId) throws SQLException {
        return rows("""
                SELECT toString(week), sum(stalled), sum(at_risk), sum(watch), sum(on_track)
                FROM mentorpulse.level_weeks
                WHERE program_id = ?
                GROUP BY week ORDER BY week""",
                List.of(programId),
                rs -> new Week(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5)));
    }

    /** The program's cohorts now: each match at its latest evaluated day ({@code match_latest}, every minute). */
    public List<Cohort> cohorts(String programId) throws SQLException {
        return rows("""
                SELECT cohort_id, count(), countIf(level = 'stalled'), countIf(level = 'at_risk'),
                       quantileExact(0.5)(two_way_days_28d)
                FROM mentorpulse.match_latest
                WHERE program_id = ?
                GROUP BY cohort_id ORDER BY cohort_id""", List.of(programId),
                rs -> new Cohort(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getDouble(5)));
    }

    /** The program of a match, if it has one the console knows. */
    public Optional<String> programOf(String matchId) throws SQLException {
        return rows("SELECT program_id FROM mentorpulse.match_daily FINAL WHERE match_id = ? LIMIT 1", List.of(matchId),
                rs -> rs.getString(1)).stream().findFirst();
    }

    /** The match's last {@code days} evaluated days, newest first. */
    public List<Day> recentDays(String matchId, int days) throws SQLException {
        return rows("""
                SELECT toString(day), level, score, two_way_contact, messages_from_mentor, messages_from_mentee,
                       meetings_held
                FROM mentorpulse.match_daily FINAL
                WHERE match_id = ? AND is_deleted = 0
                ORDER BY day DESC LIMIT ?""", List.of(matchId, days),
                rs -> new Day(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4) == 1, rs.getInt(5),
                        rs.getInt(6), rs.getInt(7)));
    }

    /** Reads one row of a result. */
    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** The rows of a query whose parameters are bound in order. */
    private <T> List<T> rows(String sql, List<Object> params, Row<T> row) throws SQLException {
        List<T> out = new ArrayList<>();
        try (Connection c = reader.open();
                PreparedStatement ps = c.prepareStatement(sql.replace(SchemaMigrator.MAIN_DATABASE + ".", database + "."))) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
        }
        return out;
    }

}
