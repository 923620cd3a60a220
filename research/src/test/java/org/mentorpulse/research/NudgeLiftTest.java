package org.mentorpulse.research;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.mentorpulse.research.NudgeLift.Arm;
import org.mentorpulse.research.NudgeLift.Window;

class NudgeLiftTest {
    /** Newcombe (1998), "Interval estimation for the difference between independent proportions", Table II, method 10. */
    @Test
    void theIntervalReproducesNewcombesPublishedExamples() {
        assertInterval(NudgeLift.compare(7, new Arm(70, 56), new Arm(80, 48)), 0.2000, 0.0524, 0.3339);
        assertInterval(NudgeLift.compare(7, new Arm(10, 9), new Arm(10, 3)), 0.6000, 0.1705, 0.8090);
        assertInterval(NudgeLift.compare(7, new Arm(56, 5), new Arm(29, 0)), 0.0893, -0.0381, 0.1926);
    }

    @Test
    void anArmWithoutAlertsGivesNoFigureRatherThanAFalseOne() {
        Window w = NudgeLift.compare(14, new Arm(12, 4), new Arm(0, 0));
        assertThat(w.lift()).isNaN();
        assertThat(w.low()).isNaN();
        assertThat(w.nudged().rate()).isEqualTo(4 / 12.0);
    }

    private static void assertInterval(Window w, double lift, double low, double high) {
        assertThat(w.lift()).isCloseTo(lift, within(0.00005));
        assertThat(w.low()).isCloseTo(low, within(0.00005));
        assertThat(w.high()).isCloseTo(high, within(0.00005));
    }
}
