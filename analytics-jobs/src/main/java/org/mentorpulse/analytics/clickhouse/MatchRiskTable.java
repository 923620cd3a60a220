package org.mentorpulse.analytics.clickhouse;

import org.mentorpulse.analytics.engagement.MatchDay;

/** {@code mentorpulse.match_risk}: see V004__match_risk_factors.sql for keys, versions and tombstones. */
public final class MatchRiskTable extends ColumnTable<MatchDay> {
    private static final long serialVersionUID = 1L;

    public MatchRiskTable() {
        super("match_risk");
        column("match_id", (ps, i, d) -> ps.setString(i, d.matchId));
        column("day", (ps, i, d) -> date(ps, i, d.day));
        column("program_id", (ps, i, d) -> ps.setString(i, d.programId));
        column("cohort_id", (ps, i, d) -> ps.setString(i, d.cohortId));
        column("timezone", (ps, i, d) -> ps.setString(i, d.timezone));
        column("status", (ps, i, d) -> ps.setString(i, d.status));
        column("last_two_way_contact", (ps, i, d) -> nullableUtcTime(ps, i, d.lastTwoWayContact));
        column("days_since_two_way_contact", (ps, i, d) -> ps.setInt(i, d.daysSinceTwoWayContact));
        column("silent_days_for_risk", (ps, i, d) -> ps.setInt(i, d.silentDaysForRisk));
        column("stall_threshold_days", (ps, i, d) -> ps.setInt(i, d.stallThresholdDays));
        column("score", (ps, i, d) -> ps.setInt(i, d.score));
        column("level", (ps, i, d) -> ps.setString(i, d.level));
        column("factors", (ps, i, d) -> ps.setObject(i, d.contributions));
        column("factor_values", (ps, i, d) -> ps.setObject(i, d.factorValues));
        column("why", (ps, i, d) -> ps.setString(i, d.why));
        column("version", (ps, i, d) -> ps.setLong(i, d.version));
        column("is_deleted", (ps, i, d) -> ps.setInt(i, d.deleted ? 1 : 0));
    }
}
