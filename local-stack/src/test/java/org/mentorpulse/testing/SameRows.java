package org.mentorpulse.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** One table in two databases (a run with faults and one without) compared row by row, under FINAL. */
public final class SameRows {
    private SameRows() {}

    /** A few rows of a query, for a failure's message. */
    private static List<String> sample(Connection c, String query, List<String> columns) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM (" + query + ") LIMIT 3")) {
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns.size(); i++) {
                    row.append(i == 1 ? "" : " | ").append(columns.get(i - 1)).append('=').append(rs.getObject(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    /**
     * For a failure's message: for a few rows of {@code expected} that {@code actual} lacks, the row {@code actual}
     * holds under the same sorting key instead, as the columns that differ.
     */
    private static List<String> differences(Connection c, String database, String table, String expected,
            String actual, List<String> columns) throws Exception {
        String sortingKey;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT sorting_key FROM system.tables WHERE database = ? AND name = ?")) {
            ps.setString(1, database);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                sortingKey = rs.next() ? rs.getString(1) : "";
            }
        }
        List<String> key = sortingKey.isBlank() ? List.of() : List.of(sortingKey.replace(" ", "").split(","));
        if (key.isEmpty() || !columns.containsAll(key)) {
            return List.of();
        }
        // toString of every column, so that arrays and maps compare and print as ClickHouse writes them
        String texts = String.join(", ", columns.stream().map(col -> "toString(" + col + ") AS " + col).toList());
        String keyList = "(" + String.join(", ", key) + ")";
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT e.*, a.* FROM (SELECT "
                + texts + " FROM (" + expected + " EXCEPT " + actual + ") LIMIT 3) AS e LEFT JOIN (SELECT " + texts
                + " FROM " + actual + ") AS a USING " + keyList + " SETTINGS join_use_nulls = 1")) {
            // each side's columns in turn, the join's key in both
            int n = columns.size();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (String k : key) {
                    row.append(k).append('=').append(rs.getString(columns.indexOf(k) + 1)).append(' ');
                }
                boolean found = rs.getString(n + columns.indexOf(key.get(0)) + 1) != null;
                for (int i = 0; found && i < n; i++) {
                    String without = rs.getString(i + 1);
                    String with = rs.getString(n + i + 1);
                    if (!Objects.equals(with, without)) {
                        row.append("| ").append(columns.get(i)).append(": ").append(without)
                                .append(" without faults, ").append(with).append(" with them ");
                    }
                }
                out.add(row.append(found ? "" : "| no row with faults").toString());
            }
        }
        return out;
    }

    /**
     * {@code table} holds the same rows under FINAL in {@code withFaults} as in {@code withoutFaults}, every column
     * but the version, and as many.
     */
    public static void assertSameRows(Connection c, String withoutFaults, String withFaults, String table)
            throws Exception {
        assertSameRows(c, withoutFaults, withFaults, table, "1");
    }

    /** The same, for the rows {@code where} selects in both (a live database holds other runs' rows too). */
    public static void assertSameRows(Connection c, String withoutFaults, String withFaults, String table,
            String where) throws Exception {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM system.columns WHERE database = ? AND "
                + "table = ? AND name != 'version' ORDER BY position")) {
            ps.setString(1, withoutFaults);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        String select = String.join(", ", columns);
        String expected = "(SELECT " + select + " FROM " + withoutFaults + "." + table + " FINAL WHERE " + where + ")";
        String actual = "(SELECT " + select + " FROM " + withFaults + "." + table + " FINAL WHERE " + where + ")";
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT "
                + "(SELECT count() FROM " + expected + "), (SELECT count() FROM " + actual + "), "
                + "(SELECT count() FROM (" + expected + " EXCEPT " + actual + ")), "
                + "(SELECT count() FROM (" + actual + " EXCEPT " + expected + "))")) {
            rs.next();
            System.out.printf("%s: %,d rows without faults, %,d with them%n", table, rs.getLong(1),
                    rs.getLong(2));
            long rowsWithout = rs.getLong(1);
            long rowsWith = rs.getLong(2);
            // the rows that differ first, so that a failure names them; the counts then catch a row held twice
            long missing = rs.getLong(3);
            assertThat(missing).as(missing == 0 ? "" : table + ": rows of the run without faults missing from the "
                    + "run with them, e.g. " + sample(c, expected + " EXCEPT " + actual, columns)
                    + "; what the run with faults holds under their keys: "
                    + differences(c, withoutFaults, table, expected, actual, columns)).isZero();
            assertThat(rs.getLong(4)).as(table + ": rows of the run with faults that the run without has not, e.g. "
                    + sample(c, actual + " EXCEPT " + expected, columns)).isZero();
            assertThat(rowsWith).as(table + ": rows with faults").isEqualTo(rowsWithout);
        }
        if (!table.equals("late_events")) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count() FROM " + expected)) {
                rs.next();
                assertThat(rs.getLong(1)).as(table + " has rows to compare").isGreaterThan(100);
            }
        }
    }
}
