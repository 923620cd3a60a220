package org.mentorpulse.analytics.clickhouse;

import java.io.Serializable;

/** Where a sink writes: shipped with the job graph to the task managers, hence serializable and small. */
public record ClickHouseTarget(String jdbcUrl, String user, String password) implements Serializable {}
