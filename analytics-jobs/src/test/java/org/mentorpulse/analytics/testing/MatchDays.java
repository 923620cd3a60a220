package org.mentorpulse.analytics.testing;

import java.lang.reflect.Field;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mentorpulse.analytics.engagement.MatchDay;

/** Day rows as the tests compare them. */
public final class MatchDays {
    private static final Field[] FIELDS = MatchDay.class.getFields();

    private MatchDays() {}

    /** What the table holds after the rows, as under FINAL: the newest of each day, without the withdrawn days. */
    public static List<MatchDay> newestOfEachDay(List<MatchDay> rows) {
        TreeMap<LocalDate, MatchDay> newest = new TreeMap<>();
        for (MatchDay d : rows) {
            newest.merge(d.localDay(), d, (a, b) -> b.version > a.version ? b : a);
        }
        newest.values().removeIf(d -> d.deleted);
        return List.copyOf(newest.values());
    }

    /**
     * Every column of the row by name but the version (AssertJ's recursive comparison would do, at a hundred times
     * the cost).
     */
    public static Map<String, Object> columns(MatchDay d) {
        Map<String, Object> columns = new TreeMap<>();
        try {
            for (Field f : FIELDS) {
                if (!f.getName().equals("version")) {
                    Object value = f.get(d);
                    columns.put(f.getName(), value instanceof double[] a ? Arrays.toString(a) : value);
                }
            }
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
        return columns;
    }
}
