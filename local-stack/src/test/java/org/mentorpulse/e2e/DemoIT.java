package org.mentorpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mentorpulse.config.Settings;
import org.mentorpulse.demo.Demo;
import org.mentorpulse.generator.SyntheticProgramGenerator;
import org.mentorpulse.testing.LocalStackExtension;

@Tag("integration")
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DemoIT {

    @Test
    void shouldFindExactlyTheStalledMatchesTheGeneratorPlanted(Settings settings) {
        Demo.Result result = Demo.run(settings, SyntheticProgramGenerator.Options.demo(), System.out);

        assertThat(result.totals().rejected()).isZero();
        assertThat(result.totals().accepted()).isEqualTo(result.program().events().size());
        assertThat(result.plantedIds()).hasSize(16);
        assertThat(result.foundIds()).isEqualTo(result.plantedIds());
        assertThat(result.found()).allSatisfy(r -> assertThat(r.daysSilent()).isGreaterThan(21));
    }
}
