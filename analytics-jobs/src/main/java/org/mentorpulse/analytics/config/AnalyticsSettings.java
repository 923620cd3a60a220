package org.mentorpulse.analytics.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.mentorpulse.analytics.risk.RiskModel;

/**
 * The analytics job's typed configuration, read once at start-up from built-in defaults
 * ({@code analytics-defaults.properties}), an optional file, the environment ({@code MENTORPULSE_} plus the key
 * in upper case with '_' for '.' and '-') and command-line {@code --key value} pairs, later ones winning. A
 * value that does not parse stops start-up with an error naming the key.
 */
public record AnalyticsSettings(String kafkaBootstrapServers, String clickhouseUrl, String clickhouseUser,
        String clickhousePassword, Duration outOfOrderness, Duration idleness, Duration allowedLateness,
        Duration checkpointInterval, RiskModel riskModel) {

    private static final String DEFAULTS = "/analytics-defaults.properties";

    /** The built-in defaults, as key/value pairs. */
    public static Map<String, String> defaultValues() {
        Properties props = new Properties();
        try (InputStream in = AnalyticsSettings.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException("the built-in analytics defaults (" + DEFAULTS + ") are missing");
            }
            props.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULTS, e);
        }
        Map<String, String> values = new TreeMap<>();
        props.stringPropertyNames().forEach(k -> values.put(k, props.getProperty(k)));
        return values;
    }

    public static AnalyticsSettings defaults() {
        return from(defaultValues());
    }

    /**
     * Defaults, then {@code configFile} (may be null), then the environment, then {@code overrides}. Only the
     * environment variables of known keys are read; a file may add {@code risk.program.*} keys.
     */
    public static Map<String, String> layered(Path configFile, Map<String, String> environment,
            Map<String, String> overrides) {
        Map<String, String> values = defaultValues();
        if (configFile != null) {
            Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(configFile)) {
                file.load(reader);
            } catch (IOException e) {
                throw new IllegalArgumentException("config file " + configFile + " cannot be read: " + e.getMessage());
            }
            file.stringPropertyNames().forEach(k -> values.put(k, file.getProperty(k)));
        }
        for (String key : values.keySet().toArray(String[]::new)) {
            String fromEnv = environment.get(environmentName(key));
            if (fromEnv != null) {
                values.put(key, fromEnv);
            }
        }
        values.putAll(overrides);
        return values;
    }

    public static String environmentName(String key) {
        return "MENTORPULSE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Typed settings from key/value pairs that include (at least) every default key. */
    public static AnalyticsSettings from(Map<String, String> values) {
        Map<String, String> risk = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(RiskModel.PREFIX)) {
                risk.put(k, v);
            }
        });
        return new AnalyticsSettings(
                values.getOrDefault("kafka.bootstrap-servers", "").strip(),
                values.getOrDefault("clickhouse.url", "").strip(),
                values.getOrDefault("clickhouse.user", "default").strip(),
                values.getOrDefault("clickhouse.password", ""),
                Duration.ofMinutes(positive(values, "analytics.out-of-orderness-minutes")),
                Duration.ofSeconds(positive(values, "analytics.idleness-seconds")),
                Duration.ofDays(positive(values, "analytics.allowed-lateness-days")),
                Duration.ofSeconds(positive(values, "analytics.checkpoint-interval-seconds")),
                RiskModel.fromSettings(risk));
    }

    private static long positive(Map<String, String> values, String key) {
        String raw = values.get(key);
        if (raw == null) {
            throw new IllegalArgumentException("missing setting '" + key + "'");
        }
        try {
            long value = Long.parseLong(raw.strip());
            if (value <= 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting '" + key + "' (env " + environmentName(key)
                    + ") must be a positive whole number, not '" + raw + "'");
        }
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "AnalyticsSettings[kafka=" + kafkaBootstrapServers + ", clickhouse=" + clickhouseUrl + " as "
                + clickhouseUser + ", outOfOrderness=" + outOfOrderness + ", idleness=" + idleness
                + ", allowedLateness=" + allowedLateness + ", checkpointInterval=" + checkpointInterval + "]";
    }
}
