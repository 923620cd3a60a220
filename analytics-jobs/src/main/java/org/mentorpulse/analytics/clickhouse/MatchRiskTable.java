package org.mentorpulse.analytics.clickhouse;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.mentorpulse.analytics.risk.MatchRiskRow;

/** {@code mentorpulse.match_risk}: see V002__match_risk.sql for why rows replace each other by version. */
public final class MatchRiskTable implements ClickHouseTable<MatchRiskRow> {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
        return "match_risk";
    }

    @Override
    public String insertSql(String database) {
        return "INSERT INTO " + database + ".match_risk (match_id, day, program_id, cohort_id, last_two_way_contact, "
                + "days_since_two_way_contact, stall_threshold_days, score, level, factors, version) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    @Override
    public void bind(PreparedStatement ps, MatchRiskRow row) throws SQLException {
        ps.setString(1, row.matchId);
        ps.setObject(2, LocalDate.ofEpochDay(row.day));
        ps.setString(3, row.programId);
        ps.setString(4, row.cohortId);
        if (row.lastTwoWayContact == null) {
            ps.setNull(5, Types.TIMESTAMP);
        } else {
            ps.setObject(5, LocalDateTime.ofInstant(Instant.ofEpochMilli(row.lastTwoWayContact), ZoneOffset.UTC));
        }
        ps.setInt(6, row.daysSinceTwoWayContact);
        ps.setInt(7, row.stallThresholdDays);
        ps.setInt(8, row.score);
        ps.setString(9, row.level);
        ps.setObject(10, Map.of("overdue_ratio", row.overdueRatio));
        ps.setLong(11, row.version);
    }
}
