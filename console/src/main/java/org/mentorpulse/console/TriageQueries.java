package org.mentorpulse.console;


import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
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

    /** All open alerts of these programs, most urgent first. */
    public List<OpenAlert> openAlerts(Set<String> programs) throws SQLException {
        return openAlerts(programs, Integer.MAX_VALUE, 0).alerts();
    }

    /**
     * A page of the open alerts of these programs: stalled before at risk, then the longest overdue first (a
     * program of thousands of matches can have hundreds open; a manager works down from the top).
     */
    public AlertPage openAlerts(Set<String> programs, int limit, int offset) throws SQLException {
        String sql = """
                SELECT a.alert_id, a.alert_match, a.alert_program, a.alert_cohort, a.alert_kind, toString(a.raised_at),
                       a.acknowledged,
                       a.snoozed, m.score, m.days_since_two_way_contact, m.stall_threshold_days, m.why,
                       mapKeys(m.factors), mapValues(m.factors), count() OVER () AS total
                FROM (SELECT alert_id, any(match_id) AS alert_match, any(program_id) AS alert_program,
                             any(cohort_id) AS alert_cohort, any(kind) AS alert_kind,
                             minIf(at, transition = 'raised') AS raised_at,
                             countIf(transition = 'acknowledged') > 0 AS acknowledged,
                             argMaxIf(cause, at, transition = 'snoozed') AS snoozed,
                             countIf(transition = 'resolved') AS resolved
                      FROM mentorpulse.alerts FINAL
                      WHERE has(?, program_id)
                      GROUP BY alert_id) AS a
                INNER JOIN mentorpulse.match_current AS m ON m.match_id = a.alert_match
                WHERE a.resolved = 0
                ORDER BY a.alert_kind = 'stalled' DESC, m.days_since_two_way_contact - m.stall_threshold_days DESC,
                         a.alert_match
                LIMIT ? OFFSET ?
                """;
        int[] total = {0};
        // the array is one parameter (has(?, program_id)), not one per program
        List<OpenAlert> alerts = rows(sql, List.of(programs.toArray(new String[0]), limit, offset), rs -> {
            total[0] = rs.getInt(15);
            Map<String, Double> contributions = new LinkedHashMap<>();
            Object[] keys = (Object[]) rs.getArray(13).getArray();
            Object[] values = (Object[]) rs.getArray(14).getArray();
            for (int i = 0; i < keys.length; i++) {
                double points = ((Number) values[i]).doubleValue();
                if (points > 0) {
                    contributions.put(keys[i].toString(), points);
                }
            }
            return new OpenAlert(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                    rs.getString(6), rs.getBoolean(7), rs.getString(8), rs.getInt(9), rs.getInt(10), rs.getInt(11),
                    rs.getString(12), contributions);
        });
        return new AlertPage(alerts, total[0]);
    }

    /** A week of a program: how many matches ended it at each level. */
    public record Week(String week, int stalled, int atRisk, int watch, int onTrack) {}

    /** A cohort of a program at its latest evaluated days. */
    public record Cohort(String cohortId, int matches, int stalled, int atRisk, double medianContactDays) {}

    /** The program's weeks, oldest first. */
    public List<Week> weeks(String programId) throws SQLException {
        return rows("""
                SELECT toString(week), countIf(level_at_week_end = 'stalled'), countIf(level_at_week_end = 'at_risk'),
                       countIf(level_at_week_end = 'watch'), countIf(level_at_week_end = 'on_track')
                FROM mentorpulse.match_weekly WHERE program_id = ? GROUP BY week ORDER BY week""",
                List.of(programId),
                rs -> new Week(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5)));
    }

    /** The program's cohorts now. */
    public List<Cohort> cohorts(String programId) throws SQLException {
        return rows("""
                SELECT m.cohort_id, count(), countIf(m.level = 'stalled'), countIf(m.level = 'at_risk'),
                       quantileExact(0.5)(d.two_way_days_28d)
                FROM mentorpulse.match_current AS m
                INNER JOIN (SELECT match_id, day, two_way_days_28d FROM mentorpulse.match_daily FINAL
                            WHERE program_id = ? AND is_deleted = 0) AS d ON d.match_id = m.match_id AND d.day = m.day
                WHERE m.program_id = ?
                GROUP BY m.cohort_id ORDER BY m.cohort_id""", List.of(programId, programId),
                rs -> new Cohort(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getDouble(5)));
    }

    /** The program of a match, if it has one the console knows. */
    public Optional<String> programOf(String matchId) throws SQLException {
        return rows("SELECT program_id FROM mentorpulse.match_current WHERE match_id = ?", List.of(matchId),
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
