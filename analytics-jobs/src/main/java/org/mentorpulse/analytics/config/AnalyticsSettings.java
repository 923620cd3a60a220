package org.mentorpulse.analytics.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.mentorpulse.analytics.outcomes.Pseudonyms;
import org.mentorpulse.analytics.risk.RiskModel;
import org.mentorpulse.config.ConfigurationException;
import org.mentorpulse.config.Settings;

/**
 * The analytics job's typed configuration, from the shared loader ({@link Settings}: built-in defaults in
 * {@code analytics-defaults.properties}, a file, {@code MENTORPULSE_*} variables, {@code --key value}). A value
 * that does not parse stops start-up with an error naming the key.
 */
public record AnalyticsSettings(String kafkaBootstrapServers, String clickhouseUrl, String clickhouseUser,
        String clickhousePassword, Duration outOfOrderness, Duration idleness, Duration allowedLateness,
        Duration checkpointInterval, RiskModel riskModel, String pseudonymKey, String pseudonymKeyId) {

    private static final String DEFAULTS = "/analytics-defaults.properties";
    public static final Settings.Layout LAYOUT = new Settings.Layout(
            List.of(Settings.CONNECTION_DEFAULTS, DEFAULTS), Set.of(RiskModel.PROGRAM_PREFIX));

    /** The built-in defaults, as key/value pairs. */
    public static Map<String, String> defaultValues() {
        return Settings.load(LAYOUT, null, Map.of(), Map.of()).withPrefix("");
    }

    public static AnalyticsSettings defaults() {
        return from(defaultValues());
    }

    /** Typed settings from the shared loader; a bad value stops start-up with an error naming its key. */
    public static AnalyticsSettings from(Settings settings) {
        try {
            return from(settings.withPrefix(""));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
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
                RiskModel.fromSettings(risk),
                values.getOrDefault(Pseudonyms.KEY_SETTING, ""),
                values.getOrDefault(Pseudonyms.KEY_ID_SETTING, "").strip());
    }

    /** The research pseudonyms; null when no key is configured (an invalid key stops start-up here). */
    public Pseudonyms pseudonyms() {
        return pseudonymKey.isEmpty() ? null : Pseudonyms.of(pseudonymKey, pseudonymKeyId);
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
            throw Settings.invalid(key, raw, "a positive whole number");
        }
    }

    /** Never prints the password or the pseudonym key. */
    @Override
    public String toString() {
        return "AnalyticsSettings[kafka=" + kafkaBootstrapServers + ", clickhouse=" + clickhouseUrl + " as "
                + clickhouseUser + ", outOfOrderness=" + outOfOrderness + ", idleness=" + idleness
                + ", allowedLateness=" + allowedLateness + ", checkpointInterval=" + checkpointInterval + "]";
    }
}
