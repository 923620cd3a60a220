package org.mentorpulse.analytics.clickhouse;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * A table written column by column in RowBinary: each column is a name, the ClickHouse type it is encoded as,
 * and how to take its value from a row. The INSERT's column list, the encoding and the check against the
 * server's schema all come from this one list, so a column cannot be named in one place and encoded in another.
 *
 * <p>RowBinary carries no types: a value encoded as the wrong type shifts every byte after it. The sink
 * therefore compares {@link #columnTypes()} with the server's table before its first insert and refuses to start
 * on a difference, naming the column.
 */
public abstract class ColumnTable<T> implements ClickHouseTable<T> {
    private static final long serialVersionUID = 1L;

    /** Encodes one column's value of a row. */
    @FunctionalInterface
    public interface Encoder<T> extends Serializable {
        void encode(RowBinary out, T row);
    }

    /** Serializable getters, so a table can travel in the job graph. */
    public interface Get<T, R> extends Function<T, R>, Serializable {}

    public interface GetInt<T> extends ToIntFunction<T>, Serializable {}

    public interface GetLong<T> extends ToLongFunction<T>, Serializable {}

    public interface Test<T> extends Predicate<T>, Serializable {}

    private record Column<T>(String name, String type, Encoder<T> encoder) implements Serializable {}

    private final String name;
    private final List<Column<T>> columns = new ArrayList<>();

    protected ColumnTable(String name) {
        this.name = name;
    }

    /** A column of any type with its own encoding; the typed helpers below cover ours. */
    protected final void column(String column, String clickHouseType, Encoder<T> encoder) {
        columns.add(new Column<>(column, clickHouseType, encoder));
    }

    @Override
    public final String name() {
        return name;
    }

    /** The database the table lives in, given the target's (main) database. */
    @Override
    public String databaseOf(String targetDatabase) {
        return targetDatabase;
    }

    @Override
    public final List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    @Override
    public final Map<String, String> columnTypes() {
        Map<String, String> types = new LinkedHashMap<>();
        columns.forEach(c -> types.put(c.name(), c.type()));
        return types;
    }

    @Override
    public final void encode(RowBinary out, T row) {
        for (Column<T> c : columns) {
            try {
                c.encoder().encode(out, row);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("column " + c.name() + " (" + c.type() + "): " + e.getMessage(), e);
            }
        }
    }

    // the column kinds our tables use; LowCardinality(String) travels as String

    /**
     * A String (or LowCardinality(String)) column. A missing value is stored as the empty string, the column's
     * default, as the earlier inserts with defaults did: none of these columns is Nullable.
     */
    protected final void string(String column, Get<T, String> value) {
        column(column, "String", (out, row) -> {
            String s = value.apply(row);
            out.string(s == null ? "" : s);
        });
    }

    protected final void bool(String column, Test<T> value) {
        column(column, "UInt8", (out, row) -> out.bool(value.test(row)));
    }

    protected final void uint8(String column, GetInt<T> value) {
        column(column, "UInt8", (out, row) -> out.uint8(value.applyAsInt(row)));
    }

    protected final void uint16(String column, GetInt<T> value) {
        column(column, "UInt16", (out, row) -> out.uint16(value.applyAsInt(row)));
    }

    protected final void uint32(String column, GetLong<T> value) {
        column(column, "UInt32", (out, row) -> out.uint32(value.applyAsLong(row)));
    }

    protected final void uint64(String column, GetLong<T> value) {
        column(column, "UInt64", (out, row) -> out.int64(value.applyAsLong(row)));
    }

    protected final void int32(String column, GetInt<T> value) {
        column(column, "Int32", (out, row) -> out.int32(value.applyAsInt(row)));
    }

    protected final void date(String column, GetInt<T> epochDay) {
        column(column, "Date", (out, row) -> out.date(epochDay.applyAsInt(row)));
    }

    protected final void utcTime(String column, GetLong<T> epochMillis) {
        column(column, UTC_MILLIS, (out, row) -> out.millis(epochMillis.applyAsLong(row)));
    }

    private static final String UTC_MILLIS = "DateTime64(3, 'UTC')";

    /** Writes a present value of a Nullable column. */
    private interface Write<V> extends BiConsumer<RowBinary, V>, Serializable {}

    /** A Nullable column: its marker byte, then the value when there is one. */
    private <V> void nullable(String column, String type, Get<T, V> value, Write<V> write) {
        column(column, "Nullable(" + type + ")", (out, row) -> {
            V v = value.apply(row);
            if (!out.isNull(v)) {
                write.accept(out, v);
            }
        });
    }

    protected final void nullableUint8(String column, Get<T, Integer> value) {
        nullable(column, "UInt8", value, RowBinary::uint8);
    }

    protected final void nullableUint16(String column, Get<T, Integer> value) {
        nullable(column, "UInt16", value, RowBinary::uint16);
    }

    protected final void nullableInt32(String column, Get<T, Integer> value) {
        nullable(column, "Int32", value, RowBinary::int32);
    }

    protected final void nullableFloat64(String column, Get<T, Double> value) {
        nullable(column, "Float64", value, RowBinary::float64);
    }

    protected final void nullableDate(String column, Get<T, Integer> epochDay) {
        nullable(column, "Date", epochDay, RowBinary::date);
    }

    protected final void nullableUtcTime(String column, Get<T, Long> epochMillis) {
        nullable(column, UTC_MILLIS, epochMillis, RowBinary::millis);
    }

    protected final void stringArray(String column, Get<T, Collection<String>> values) {
        column(column, "Array(String)", (out, row) -> {
            Collection<String> list = values.apply(row);
            out.varint(list.size());
            list.forEach(out::string);
        });
    }

    protected final void float64Array(String column, Get<T, double[]> values) {
        column(column, "Array(Float64)", (out, row) -> {
            double[] array = values.apply(row);
            out.varint(array.length);
            for (double v : array) {
                out.float64(v);
            }
        });
    }

    protected final void float64Map(String column, Get<T, Map<String, Double>> values) {
        column(column, "Map(String, Float64)", (out, row) -> {
            Map<String, Double> map = values.apply(row);
            out.varint(map.size());
            map.forEach((k, v) -> {
                out.string(k);
                out.float64(v);
            });
        });
    }

    protected final void uint32Map(String column, Get<T, Map<String, Integer>> values) {
        column(column, "Map(String, UInt32)", (out, row) -> {
            Map<String, Integer> map = values.apply(row);
            out.varint(map.size());
            map.forEach((k, v) -> {
                out.string(k);
                out.uint32(v);
            });
        });
    }
}
