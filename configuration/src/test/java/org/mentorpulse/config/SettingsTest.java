package org.mentorpulse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    private static final Settings.Layout LAYOUT = new Settings.Layout(
            List.of(Settings.CONNECTION_DEFAULTS, "/config-test-defaults.properties"), Set.of("service.family."));

    @Test
    void laterLayersWinDefaultsThenFileThenEnvironmentThenArguments(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mentorpulse.properties");
        Files.writeString(file, "service.port=9000\nservice.name=from-file\nservice.family.a=1\n");

        Settings s = Settings.load(LAYOUT, file, Map.of("MENTORPULSE_SERVICE_NAME", "from-env",
                "MENTORPULSE_UNRELATED", "ignored"), Map.of("service.port", "9100"));

        assertThat(s.port("service.port")).isEqualTo(9100);
        assertThat(s.string("service.name")).isEqualTo("from-env");
        assertThat(s.withPrefix("service.family.")).containsExactly(Map.entry("service.family.a", "1"));
        assertThat(s.string("clickhouse.user")).isEqualTo("default");
    }

    @Test
    void anUnknownOrMalformedKeyNamesItself(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "service.prot=9000\n");
        assertThatThrownBy(() -> Settings.load(LAYOUT, file, Map.of(), Map.of()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("unknown setting 'service.prot'");
        assertThatThrownBy(() -> Settings.fromCommandLine(LAYOUT, new String[] {"--service.nmae", "x"}))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("'service.nmae'");
        Settings s = Settings.load(LAYOUT, null, Map.of("MENTORPULSE_SERVICE_PORT", "80a"), Map.of());
        assertThatThrownBy(() -> s.port("service.port")).isInstanceOf(ConfigurationException.class)
                .hasMessage("setting 'service.port' (env MENTORPULSE_SERVICE_PORT) must be a port number from 0 to "
                        + "65535, not '80a'");
    }

    @Test
    void commandLineArgumentsAreKeyValuePairs() {
        Settings s = Settings.fromCommandLine(LAYOUT, new String[] {"--service.port", "7", "--service.name=x"});
        assertThat(s.port("service.port")).isEqualTo(7);
        assertThat(s.string("service.name")).isEqualTo("x");
        assertThatThrownBy(() -> Settings.fromCommandLine(LAYOUT, new String[] {"service.port"}))
                .hasMessageContaining("--key value");
        assertThatThrownBy(() -> Settings.fromCommandLine(LAYOUT, new String[] {"--service.port"}))
                .hasMessageContaining("needs a value");
    }
}
