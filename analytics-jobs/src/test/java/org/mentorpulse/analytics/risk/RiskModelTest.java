package org.mentorpulse.analytics.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mentorpulse.analytics.config.AnalyticsSettings;
import org.mentorpulse.analytics.engagement.MatchDay;

class RiskModelTest {
    private final RiskModel defaults = AnalyticsSettings.defaults().riskModel();

    private static MatchDay day(String program, int silentDays, Integer meetingEveryDays) {
        MatchDay d = new MatchDay();
        d.matchId = "m";
        d.programId = program;
        d.daysSinceTwoWayContact = silentDays;
        d.silentDaysForRisk = silentDays;
        d.meetingEveryDays = meetingEveryDays;
        d.firstMeetingHeld = true;
        return d;
    }

    @Test
    void theStallThresholdIsTwiceTheAgreedCadenceButAtLeast21Days() {
        RiskSettings s = defaults.forProgram("any");
        assertThat(s.stallThresholdDays(null)).isEqualTo(21);
        assertThat(s.stallThresholdDays(7)).isEqualTo(21);
        assertThat(s.stallThresholdDays(14)).isEqualTo(28);
        assertThat(s.stallThresholdDays(30)).isEqualTo(60);
    }

    @Test
    void silenceAloneMovesAMatchThroughTheLevels() {
        int[][] expectations = {{7, 0}, {8, 1}, {14, 1}, {15, 2}, {21, 2}, {22, 3}};
        String[] levels = {"on_track", "watch", "at_risk", "stalled"};
        for (int[] e : expectations) {
            MatchDay d = day("p", e[0], null);
            defaults.assess(d);
            assertThat(d.level).as(e[0] + " silent days").isEqualTo(levels[e[1]]);
        }
    }

    @Test
    void contributionsAddUpToTheScoreAndTheReasonsNameTheStrongest() {
        MatchDay d = day("p", 10, 14);
        d.unansweredShare56d = 0.8;
        d.meetingsScheduled56d = 4;
        d.cancellations56d = 2;
        d.noShows56d = 1;
        defaults.assess(d);

        double sum = java.util.Arrays.stream(d.factorPointArray).sum();
        assertThat(sum).isCloseTo(d.score, within(0.5));
        assertThat(RiskFactor.byName(d.factorValueArray).get("unreliability")).isEqualTo(0.75);
        assertThat(RiskFactor.byName(d.factorPointArray).get("one_sidedness")).isCloseTo(12.0, within(1e-9));
        assertThat(d.why).startsWith("no two-way contact for 10 days (stalls after 28); 80% of messages unanswered");
        // 16.1 + 12 + 11.25: short of at-risk silence (19 days), but at risk by the score
        assertThat(d.score).isEqualTo(39);
        assertThat(d.level).isEqualTo("at_risk");
    }

    @Test
    void anEndedMatchScoresNothing() {
        MatchDay d = day("p", 40, null);
        d.status = "ended";
        defaults.assess(d);
        assertThat(d.level).isEqualTo("ended");
        assertThat(d.score).isZero();
        assertThat(d.factorPointArray).hasSize(RiskFactor.values().length).containsOnly(0.0);
    }

    @Test
    void programsOverrideTheDefaultsKeyByKey() {
        Map<String, String> settings = new HashMap<>(AnalyticsSettings.defaultValues());
        settings.put("risk.program.exams.stall-min-days", "35");
        settings.put("risk.program.exams.weight.low-satisfaction", "0.5");
        RiskModel model = AnalyticsSettings.from(settings).riskModel();

        assertThat(model.forProgram("exams").stallThresholdDays(null)).isEqualTo(35);
        assertThat(model.forProgram("exams").weights().get(RiskFactor.low_satisfaction)).isEqualTo(0.5);
        assertThat(model.forProgram("exams").weights().get(RiskFactor.overdue)).isEqualTo(0.45);
        assertThat(model.forProgram("other").stallThresholdDays(null)).isEqualTo(21);
        MatchDay d = day("exams", 30, null);
        model.assess(d);
        assertThat(d.level).isEqualTo("at_risk");
    }

    @Test
    void aBadRiskSettingIsRefusedWithItsKey() {
        Map<String, String> settings = new HashMap<>(AnalyticsSettings.defaultValues());
        settings.put("risk.program.p1.weight.overdue", "lots");
        assertThatThrownBy(() -> AnalyticsSettings.from(settings)).hasMessageContaining("risk.program.p1.weight.overdue");

        settings.put("risk.program.p1.weight.overdue", "0.4");
        settings.put("risk.program.p1.stall-days", "30");
        assertThatThrownBy(() -> AnalyticsSettings.from(settings)).hasMessageContaining("risk.program.p1.stall-days");

        Map<String, String> incomplete = new HashMap<>(AnalyticsSettings.defaultValues());
        incomplete.remove("risk.weight.friction");
        assertThatThrownBy(() -> AnalyticsSettings.from(incomplete)).hasMessageContaining("risk.weight.friction");
    }
}
