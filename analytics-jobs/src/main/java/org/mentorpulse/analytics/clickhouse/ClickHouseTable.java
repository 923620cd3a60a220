package org.mentorpulse.analytics.clickhouse;

import java.io.Serializable;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** How rows of one type are written to one ClickHouse table: the INSERT and the binding of one row. */
public interface ClickHouseTable<T> extends Serializable {
    String name();

    String insertSql();

    void bind(PreparedStatement statement, T row) throws SQLException;
}
