package org.mentorpulse.dashboards;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A panel's SQL as Grafana sends it to ClickHouse: first Grafana's template variables are interpolated (in the
 * browser), then the ClickHouse data source plugin ({@code grafana-clickhouse-datasource} 4.20) expands its
 * macros on the server. Both steps are ported here so that tests run exactly the SQL Grafana would run; an
 * unknown variable or macro, or a macro with the wrong number of arguments, is an error, as it would be a broken
 * panel.
 */
public final class GrafanaQuery {
    /** The dashboard's time range and the panel's interval (Grafana derives it from the range and the width). */
    public record Range(Instant from, Instant to, Duration interval) {}

    private static final Pattern VARIABLE = Pattern.compile(
            "\\$\\{([A-Za-z0-9_]+)(?::([A-Za-z]+))?}|\\[\\[([A-Za-z0-9_]+)(?::([A-Za-z]+))?]]|\\$([A-Za-z0-9_]+)");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private GrafanaQuery() {}

    /** Interpolates the variables ({@code name -> value}), then expands the plugin's macros. */
    public static String render(String rawSql, Range range, Map<String, String> variables) {
        return expandMacros(interpolate(rawSql, variables), range);
    }

    /**
     * Grafana's template variables: {@code $name}, {@code ${name}}, {@code [[name]]}, with a format after a colon.
     * Formats ported: {@code raw} (the default for a single value), {@code singlequote} (in quotes, a quote inside
     * escaped with a backslash), {@code sqlstring} (in quotes, a quote doubled), {@code csv}. Grafana's own
     * {@code $__} names are left for the macros.
     */
    public static String interpolate(String sql, Map<String, String> variables) {
        Matcher m = VARIABLE.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(3) != null ? m.group(3) : m.group(5);
            String format = m.group(2) != null ? m.group(2) : m.group(4);
            if (name.startsWith("__")) {
                m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
                continue;
            }
            String value = variables.get(name);
            if (value == null) {
                throw new IllegalArgumentException("the query uses variable $" + name + ", which the dashboard does "
                        + "not define");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(format(value, format == null ? "raw" : format)));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String format(String value, String format) {
        return switch (format) {
            case "raw", "csv" -> value;
            case "singlequote" -> "'" + value.replace("'", "\\'") + "'";
            case "sqlstring" -> "'" + value.replace("'", "''") + "'";
            default -> throw new IllegalArgumentException("variable format '" + format + "' is not one this port knows");
        };
    }

    /**
     * The plugin's macros ({@code pkg/macros/macros.go}): {@code $__timeFilter(col)}, {@code $__timeFilter_ms(col)},
     * {@code $__dateFilter(col)}, {@code $__dateTimeFilter(dateCol, timeCol)} ({@code $__dt}), {@code $__timeFrom(col)},
     * {@code $__timeTo(col)}, {@code $__fromTime}, {@code $__toTime}, {@code $__fromTime_ms}, {@code $__toTime_ms},
     * {@code $__timeInterval(col)}, {@code $__timeInterval_ms(col)}, {@code $__interval_s},
     * {@code $__timeGroup(col, 'period')}. Macros inside string literals and comments are left alone.
     */
    public static String expandMacros(String sql, Range range) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            int skip = skipLiteralOrComment(sql, i);
            if (skip > i) {
                out.append(sql, i, skip);
                i = skip;
                continue;
            }
            if (c == '$' && sql.startsWith("$__", i)) {
                int nameEnd = i + 3;
                while (nameEnd < sql.length() && (Character.isLetterOrDigit(sql.charAt(nameEnd)) || sql.charAt(nameEnd) == '_')) {
                    nameEnd++;
                }
                String name = sql.substring(i + 3, nameEnd);
                List<String> args = List.of();
                int end = nameEnd;
                if (end < sql.length() && sql.charAt(end) == '(') {
                    int close = matchingParenthesis(sql, end);
                    // a macro may stand in another's argument: the inner one is expanded first
                    args = splitArgs(sql.substring(end + 1, close)).stream().map(a -> expandMacros(a, range)).toList();
                    end = close + 1;
                }
                out.append(macro(name, args, range));
                i = end;
                continue;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static String macro(String name, List<String> args, Range r) {
        return switch (name) {
            case "fromTime" -> dateTime(r.from());
            case "toTime" -> dateTime(r.to());
            case "fromTime_ms" -> dateTime64(r.from());
            case "toTime_ms" -> dateTime64(r.to());
            case "timeFilter" -> one(name, args) + " >= " + dateTime(r.from()) + " AND " + args.get(0) + " <= "
                    + dateTime(r.to());
            case "timeFilter_ms" -> one(name, args) + " >= " + dateTime64(r.from()) + " AND " + args.get(0) + " <= "
                    + dateTime64(r.to());
            case "dateFilter" -> one(name, args) + " >= " + date(r.from()) + " AND " + args.get(0) + " <= "
                    + date(r.to());
            case "dateTimeFilter", "dt" -> {
                count(name, args, 2);
                yield "(" + args.get(0) + " >= " + date(r.from()) + " AND " + args.get(0) + " <= " + date(r.to())
                        + ") AND (" + args.get(1) + " >= " + dateTime(r.from()) + " AND " + args.get(1) + " <= "
                        + dateTime(r.to()) + ")";
            }
            case "timeFrom" -> one(name, args) + " >= " + dateTime(r.from());
            case "timeTo" -> one(name, args) + " <= " + dateTime(r.to());
            case "timeInterval" -> "toStartOfInterval(toDateTime(" + one(name, args) + "), INTERVAL "
                    + Math.max(r.interval().toSeconds(), 1) + " second)";
            case "timeInterval_ms" -> "toStartOfInterval(toDateTime64(" + one(name, args) + ", 3), INTERVAL "
                    + Math.max(r.interval().toMillis(), 1) + " millisecond)";
            case "interval_s" -> Long.toString(Math.max(r.interval().toSeconds(), 1));
            case "timeGroup" -> {
                count(name, args, 2);
                long seconds = goDuration(name, args.get(1).strip().replaceAll("^['\"]|['\"]$", "")).toSeconds();
                yield "toStartOfInterval(toDateTime(" + args.get(0).strip() + "), INTERVAL " + seconds + " second)";
            }
            default -> throw new IllegalArgumentException("$__" + name + " is not a macro of the ClickHouse plugin");
        };
    }

    private static String one(String name, List<String> args) {
        count(name, args, 1);
        return args.get(0);
    }

    private static void count(String name, List<String> args, int want) {
        if (args.size() != want) {
            throw new IllegalArgumentException("$__" + name + " expected " + want + " argument(s), received "
                    + args.size());
        }
    }

    private static String dateTime(Instant t) {
        return "toDateTime(" + t.getEpochSecond() + ")";
    }

    private static String dateTime64(Instant t) {
        return "fromUnixTimestamp64Milli(" + t.toEpochMilli() + ")";
    }

    private static String date(Instant t) {
        return "toDate('" + DATE.format(t) + "')";
    }

    /** Go's duration syntax as $__timeGroup takes it: "1h", "30m", "1h30m", "10s". */
    private static Duration goDuration(String macro, String text) {
        Matcher m = Pattern.compile("(\\d+)(h|m|s|ms)").matcher(text);
        Duration d = Duration.ZERO;
        int at = 0;
        while (m.find() && m.start() == at) {
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMillis(n);
            });
            at = m.end();
        }
        if (at != text.length() || text.isEmpty() || d.isZero()) {
            throw new IllegalArgumentException("$__" + macro + ": invalid interval \"" + text + "\"");
        }
        return d;
    }

    /** Arguments split on commas outside parentheses and quotes, each trimmed. */
    private static List<String> splitArgs(String inside) {
        List<String> args = new ArrayList<>();
        if (inside.isBlank()) {
            return args;
        }
        int depth = 0;
        int start = 0;
        for (int i = 0; i < inside.length(); i++) {
            int skip = skipLiteralOrComment(inside, i);
            if (skip > i) {
                i = skip - 1;
                continue;
            }
            char c = inside.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                args.add(inside.substring(start, i).strip());
                start = i + 1;
            }
        }
        args.add(inside.substring(start).strip());
        return args;
    }

    private static int matchingParenthesis(String sql, int open) {
        int depth = 0;
        for (int i = open; i < sql.length(); i++) {
            int skip = skipLiteralOrComment(sql, i);
            if (skip > i) {
                i = skip - 1;
                continue;
            }
            if (sql.charAt(i) == '(') {
                depth++;
            } else if (sql.charAt(i) == ')' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("a macro's parenthesis is never closed: " + sql.substring(open));
    }

    /**
     * The index after a string literal, quoted identifier or comment starting at {@code i}, or {@code i} when none
     * starts there. Backslash escapes count inside quotes, as in ClickHouse.
     */
    private static int skipLiteralOrComment(String sql, int i) {
        char c = sql.charAt(i);
        if (c == '\'' || c == '"' || c == '`') {
            int j = i + 1;
            while (j < sql.length() && sql.charAt(j) != c) {
                j += sql.charAt(j) == '\\' ? 2 : 1;
            }
            return Math.min(j + 1, sql.length());
        }
        if (sql.startsWith("--", i)) {
            int nl = sql.indexOf('\n', i);
            return nl < 0 ? sql.length() : nl;
        }
        if (sql.startsWith("/*", i)) {
            int end = sql.indexOf("*/", i + 2);
            return end < 0 ? sql.length() : end + 2;
        }
        return i;
    }
}
