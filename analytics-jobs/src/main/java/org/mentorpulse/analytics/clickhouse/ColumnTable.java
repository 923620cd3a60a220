package org.mentorpulse.analytics.clickhouse;

import java.io.Serializable;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A table written column by column: each column is a name and how to bind its value from a row. The INSERT is
 * built from the same list, so a column cannot be named in one place and bound in another.
 */
public abstract class ColumnTable<T> implements ClickHouseTable<T> {
    private static final long serialVersionUID = 1L;

    /** Binds one column's value of a row to a statement parameter. */
    @FunctionalInterface
    public interface Binder<T> extends Serializable {
        void bind(PreparedStatement statement, int index, T row) throws SQLException;
    }

    private record Column<T>(String name, Binder<T> binder) implements Serializable {}

    private final String name;
    private final List<Column<T>> columns = new ArrayList<>();

    protected ColumnTable(String name) {
        this.name = name;
    }

    protected final void column(String column, Binder<T> binder) {
        columns.add(new Column<>(column, binder));
    }

    @Override
    public final String name() {
        return name;
    }

    /** The database the table lives in, given the target's (main) database. */
    protected String databaseOf(String targetDatabase) {
        return targetDatabase;
    }

    @Override
    public final String insertSql(String database) {
        return "INSERT INTO " + databaseOf(database) + "." + name + " ("
                + columns.stream().map(Column::name).collect(Collectors.joining(", ")) + ") VALUES ("
                + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
    }

    @Override
    public final void bind(PreparedStatement statement, T row) throws SQLException {
        for (int i = 0; i < columns.size(); i++) {
            columns.get(i).binder().bind(statement, i + 1, row);
        }
    }

    // helpers for the value kinds our tables use

    protected static void nullableInt(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }

    protected static void nullableDouble(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }

    protected static void utcTime(PreparedStatement ps, int index, long epochMillis) throws SQLException {
        ps.setObject(index, LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC));
    }

    protected static void nullableUtcTime(PreparedStatement ps, int index, Long epochMillis) throws SQLException {
        if (epochMillis == null) {
            ps.setNull(index, Types.TIMESTAMP);
        } else {
            utcTime(ps, index, epochMillis);
        }
    }

    protected static void date(PreparedStatement ps, int index, int epochDay) throws SQLException {
        ps.setObject(index, LocalDate.ofEpochDay(epochDay));
    }

    protected static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
