package org.mentorpulse.analytics.clickhouse;

import java.io.Serializable;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** How rows of one type are written to one ClickHouse table: the INSERT and the binding of one row. */
public interface ClickHouseTable<T> extends Serializable {
    /** The table's name without its database, e.g. {@code match_daily}. */
    String name();

    String insertSql(String database);

    void bind(PreparedStatement statement, T row) throws SQLException;
}
