package org.mentorpulse.streams.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mentorpulse.config.Settings;
import org.mentorpulse.streams.StreamsSettings;

class AlertRulesTest {
    private static AlertRules from(String... args) {
        return AlertRules.from(Settings.fromCommandLine(StreamsSettings.LAYOUT, args));
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        AlertRules rules = from("--kafka.bootstrap-servers", "k:9092");
        assertThat(rules.recentDays()).isEqualTo(2);
        assertThat(rules.escalateAfter()).isEqualTo(Duration.ofDays(5));
        assertThat(rules.quietHours()).isEqualTo(new QuietHours(LocalTime.of(20, 0), LocalTime.of(8, 0), true));
        assertThat(rules.holdout().share()).isEqualTo(0.10);
        assertThat(rules.nudgesPerProgramDay()).isEqualTo(200);
        assertThat(rules.escalationsPerProgramDay()).isEqualTo(50);
        assertThat(rules.managers().of("any")).isEmpty();
    }

    @Test
    void aBadValueIsRefusedWithItsKeyAndWhatWasExpected() {
        assertThatThrownBy(() -> from("--alerts.escalate-after", "5 days"))
                .hasMessageContaining("alerts.escalate-after").hasMessageContaining("P5D");
        assertThatThrownBy(() -> from("--alerts.holdout-share", "1.5"))
                .hasMessageContaining("alerts.holdout-share");
        assertThatThrownBy(() -> from("--alerts.quiet-from", "8pm")).hasMessageContaining("alerts.quiet-from");
    }

    @Test
    void theManagersFileIsReadAndAMistakeInItNamesTheFileAndTheManager(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("managers.json");
        Files.writeString(file, """
                {"managers": [{"id": "pm-1", "programs": ["prog-1", "prog-2"], "timezone": "Europe/Madrid",
                  "language": "es", "digest": true, "email": "pm1@example.org",
                  "webhook": {"url": "https://hooks.example.org/x", "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}}]}
                """);
        AlertRules rules = from("--alerts.managers-file", file.toString());
        assertThat(rules.managers().of("prog-2")).extracting(Manager::id, Manager::digest, Manager::channels)
                .containsExactly(org.assertj.core.api.Assertions.tuple("pm-1", true,
                        java.util.List.of("email", "webhook")));

        Files.writeString(file, """
                {"managers": [{"id": "pm-2", "programs": ["prog-1"], "timezone": "Mars/Olympus", "email": "x@y.z"}]}
                """);
        assertThatThrownBy(() -> from("--alerts.managers-file", file.toString()))
                .hasMessageContaining(file.toString()).hasMessageContaining("pm-2")
                .hasMessageContaining("Mars/Olympus");
        Files.writeString(file, "{\"managers\": [{\"id\": \"pm-3\", \"programs\": [\"p\"]}]}");
        assertThatThrownBy(() -> from("--alerts.managers-file", file.toString())).hasMessageContaining("pm-3 has no channel");
        assertThatThrownBy(() -> from("--alerts.managers-file", dir.resolve("missing.json").toString()))
                .hasMessageContaining("missing.json");
    }
}
