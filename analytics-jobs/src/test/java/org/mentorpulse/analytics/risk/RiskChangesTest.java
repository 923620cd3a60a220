package org.mentorpulse.analytics.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.mentorpulse.analytics.engagement.MatchDay;
import org.mentorpulse.schema.RiskChange;
import org.mentorpulse.schema.Topics;

class RiskChangesTest {
    @Test
    void aDaysRiskIsPublishedWithItsDayLevelFactorsReasonsAndWhenItWasComputed() {
        MatchDay d = new MatchDay();
        d.matchId = "m-1";
        d.programId = "p";
        d.cohortId = "c";
        d.day = (int) LocalDate.of(2026, 5, 27).toEpochDay();
        d.timezone = "Asia/Tokyo";
        d.score = 68;
        d.level = "stalled";
        d.factorPointArray = new double[] {45, 15, 5, 0, 3, 0, 0};
        d.why = "no two-way contact for 82 days (stalls after 28)";
        d.daysSinceTwoWayContact = 82;
        d.stallThresholdDays = 28;
        d.version = 1_780_000_000_123_456L; // processing time in microseconds

        RiskChange change = RiskChanges.of(d);
        byte[] bytes = Topics.RISK_LOG.valueBytes(change);
        RiskChange read = Topics.RISK_LOG.value(new RecordHeaders(), bytes);

        assertThat(read).isEqualTo(change);
        assertThat(read.day()).isEqualTo("2026-05-27");
        assertThat(read.level()).isEqualTo("stalled");
        assertThat(read.contributions()).containsExactly(Map.entry("overdue", 45.0), Map.entry("one_sidedness", 15.0),
                Map.entry("unreliability", 5.0), Map.entry("declining_trend", 0.0), Map.entry("low_satisfaction", 3.0),
                Map.entry("missed_milestones", 0.0), Map.entry("friction", 0.0));
        assertThat(read.computedAt()).isEqualTo("2026-05-28T20:26:40.123Z");
    }
}
