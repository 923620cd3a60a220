package org.mentorpulse.analytics.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StallPolicyTest {
    private final StallPolicy policy = StallPolicy.defaults();

    @Test
    void levelsChangeAtAThirdTwoThirdsAndPastTheThreshold() {
        assertThat(policy.level(0)).isEqualTo(RiskLevel.on_track);
        assertThat(policy.level(7)).isEqualTo(RiskLevel.on_track);
        assertThat(policy.level(8)).isEqualTo(RiskLevel.watch);
        assertThat(policy.level(14)).isEqualTo(RiskLevel.watch);
        assertThat(policy.level(15)).isEqualTo(RiskLevel.at_risk);
        assertThat(policy.level(21)).isEqualTo(RiskLevel.at_risk);
        assertThat(policy.level(22)).isEqualTo(RiskLevel.stalled);
    }

    @Test
    void scoreIsTheOverdueRatioCappedAtOneHundred() {
        assertThat(policy.score(0)).isZero();
        assertThat(policy.score(21)).isEqualTo(100);
        assertThat(policy.score(200)).isEqualTo(100);
        assertThat(policy.score(7)).isEqualTo(33);
    }

    @Test
    void thresholdFollowsTheAgreedCadenceButNeverDropsBelowThreeWeeks() {
        assertThat(StallPolicy.thresholdFor(null)).isEqualTo(21);
        assertThat(StallPolicy.thresholdFor(7)).isEqualTo(21);
        assertThat(StallPolicy.thresholdFor(14)).isEqualTo(28);
        assertThatThrownBy(() -> new StallPolicy(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
