package org.mentorpulse.analytics.clickhouse;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** How rows of one type are written to one ClickHouse table: its place, its columns and a row's encoding. */
public interface ClickHouseTable<T> extends Serializable {
    /** The table's name without its database, e.g. {@code match_daily}. */
    String name();

    /** The database the table lives in, given the target's (main) database. */
    String databaseOf(String targetDatabase);

    /** The columns a row fills, in the order {@link #encode} writes them. */
    List<String> columnNames();

    /** Each column's ClickHouse type as the encoding assumes it ({@code LowCardinality} aside). */
    Map<String, String> columnTypes();

    /** Appends one row in RowBinary; throws (having written part of it) if a value cannot be encoded. */
    void encode(RowBinary out, T row);
}
