package org.mentorpulse.analytics.clickhouse;

import java.io.Serializable;

/**
 * Where a sink writes: shipped with the job graph to the task managers, hence serializable and small. The
 * database is {@code mentorpulse} except for a replay into fresh tables beside the live ones.
 */
public record ClickHouseTarget(String jdbcUrl, String user, String password, String database)
        implements Serializable {
    public static final String DEFAULT_DATABASE = "mentorpulse";

    public ClickHouseTarget(String jdbcUrl, String user, String password) {
        this(jdbcUrl, user, password, DEFAULT_DATABASE);
    }
}
