package org.mentorpulse.analytics.risk;

import java.time.LocalDate;
import java.util.Objects;

/** One row of {@code mentorpulse.match_risk}: a match's commitment risk at the end of one day. */
public class MatchRiskRow {
    public String matchId;
    /** the day, as days since 1970-01-01 (a plain int keeps the POJO cheap to serialize) */
    public int day;
    public String programId;
    public String cohortId;
    public Long lastTwoWayContact;
    public int daysSinceTwoWayContact;
    public int stallThresholdDays;
    public int score;
    public String level;
    /** the one factor so far; its contribution is the whole score */
    public double overdueRatio;
    public long version;

    public MatchRiskRow() {}

    public LocalDate localDay() {
        return LocalDate.ofEpochDay(day);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MatchRiskRow r && day == r.day && daysSinceTwoWayContact == r.daysSinceTwoWayContact
                && stallThresholdDays == r.stallThresholdDays && score == r.score && version == r.version
                && Double.compare(overdueRatio, r.overdueRatio) == 0 && Objects.equals(matchId, r.matchId)
                && Objects.equals(programId, r.programId) && Objects.equals(cohortId, r.cohortId)
                && Objects.equals(lastTwoWayContact, r.lastTwoWayContact) && Objects.equals(level, r.level);
    }

    @Override
    public int hashCode() {
        return Objects.hash(matchId, day, version);
    }

    @Override
    public String toString() {
        return matchId + "@" + localDay() + " " + level + " (" + daysSinceTwoWayContact + " days, score " + score + ")";
    }
}
