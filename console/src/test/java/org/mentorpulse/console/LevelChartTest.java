package org.mentorpulse.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LevelChartTest {
    @Test
    void aBarPerWeekAndLevelTitledForScreenReadersWithTheLatestWeekInWords() {
        String svg = LevelChart.svg(List.of(new TriageQueries.Week("2026-05-18", 1, 2, 3, 4),
                new TriageQueries.Week("2026-05-25", 5, 0, 1, 2)));
        assertThat(svg).startsWith("<svg").contains("role=\"img\"", "<title id=\"levels-title\">")
                .contains("<desc id=\"levels-desc\">2 weeks. In the week of 2026-05-25: 2 on track, 1 watch, 0 at risk, "
                        + "5 stalled.</desc>")
                .contains("<title>2026-05-18 stalled: 1</title>", "<title>2026-05-25 on track: 2</title>");
        assertThat(svg.split("<rect ").length - 1).isEqualTo(2 * 4 + 4); // bars, and the legend's four swatches
        assertThat(LevelChart.svg(List.of())).contains("No weeks evaluated yet.");
    }
}
