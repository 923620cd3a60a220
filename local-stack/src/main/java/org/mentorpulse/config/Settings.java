package org.mentorpulse.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mentorpulse.analytics.config.AnalyticsSettings;
import org.mentorpulse.analytics.risk.RiskModel;

/**
 * The one typed entry point to configuration: built-in defaults, then an optional file, then the environment
 * ({@code MENTORPULSE_KAFKA_PORT} overrides {@code kafka.port}). A bad value stops start-up with an error that
 * names the key, never a stack trace from deep inside a client library.
 */
public final class Settings {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z.]+)}");
    /** A family of keys with free names: one entry per ingestion source (see ApiKeys). */
    public static final String SOURCES_PREFIX = "ingestion.sources.";
    /** Another: risk settings per program (see RiskModel). */
    public static final String RISK_PROGRAM_PREFIX = RiskModel.PROGRAM_PREFIX;
    private final Properties values;

    private Settings(Properties values) {
        this.values = values;
    }

    public static Settings load(Path file, Map<String, String> environment) {
        Properties props = new Properties();
        try (InputStream in = Settings.class.getResourceAsStream("/mentorpulse-defaults.properties")) {
            props.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the built-in defaults (mentorpulse-defaults.properties) are missing", e);
        }
        // the analytics job's own defaults (lateness, risk weights): one settings file configures both
        AnalyticsSettings.defaultValues().forEach(props::setProperty);
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new ConfigurationException("config file " + file + " does not exist");
            }
            Properties fromFile = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                fromFile.load(reader);
            } catch (IOException e) {
                throw new ConfigurationException("config file " + file + " cannot be read: " + e.getMessage());
            }
            for (String key : fromFile.stringPropertyNames()) {
                if (!props.containsKey(key) && !key.startsWith(SOURCES_PREFIX) && !key.startsWith(RISK_PROGRAM_PREFIX)) {
                    throw new ConfigurationException("unknown setting '" + key + "' in " + file
                            + " (known settings: " + new TreeSet<>(props.stringPropertyNames()) + ")");
                }
                props.setProperty(key, fromFile.getProperty(key));
            }
        }
        for (String key : props.stringPropertyNames()) {
            String env = environment.get(environmentName(key));
            if (env != null) {
                props.setProperty(key, env);
            }
        }
        Settings settings = new Settings(props);
        settings.analytics(); // a bad analytics or risk value stops start-up here, naming its key
        return settings;
    }

    /** The analytics job's settings (lateness, watermarks, risk per program). */
    public AnalyticsSettings analytics() {
        try {
            return AnalyticsSettings.from(withPrefix(""));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }

    public static Settings fromEnvironment(Path file) {
        String fromEnv = System.getenv("MENTORPULSE_CONFIG");
        Path chosen = file != null ? file : (fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv));
        return load(chosen, System.getenv());
    }

    /** A copy with one setting changed; tests and the test stack use it to isolate state and ports. */
    public Settings with(String key, String value) {
        require(key);
        Properties copy = new Properties();
        copy.putAll(values);
        copy.setProperty(key, value);
        return new Settings(copy);
    }

    /** Every setting whose key starts with {@code prefix}, e.g. the ingestion sources. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (String key : values.stringPropertyNames()) {
            if (key.startsWith(prefix)) {
                out.put(key, values.getProperty(key).strip());
            }
        }
        return out;
    }

    /** The environment variable that overrides a key: kafka.port -> MENTORPULSE_KAFKA_PORT. */
    public static String environmentName(String key) {
        return AnalyticsSettings.environmentName(key);
    }

    public String string(String key) {
        String raw = require(key).strip();
        Matcher m = PLACEHOLDER.matcher(raw);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = System.getProperty(m.group(1), "");
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    public String optional(String key) {
        String value = string(key);
        return value.isEmpty() ? null : value;
    }

    public int port(String key) {
        String raw = string(key);
        try {
            int port = Integer.parseInt(raw);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new ConfigurationException("setting '" + key + "' (env " + environmentName(key)
                    + ") must be a port number from 0 to 65535, not '" + raw + "'");
        }
    }

    public int positiveInt(String key) {
        String raw = string(key);
        try {
            int value = Integer.parseInt(raw);
            if (value <= 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigurationException("setting '" + key + "' (env " + environmentName(key)
                    + ") must be a positive whole number, not '" + raw + "'");
        }
    }

    /** An RFC 3339 instant, e.g. 2000-01-01T00:00:00Z. */
    public Instant instant(String key) {
        String raw = string(key);
        try {
            return Instant.parse(raw);
        } catch (DateTimeParseException e) {
            throw new ConfigurationException("setting '" + key + "' (env " + environmentName(key)
                    + ") must be an RFC 3339 UTC time such as 2000-01-01T00:00:00Z, not '" + raw + "'");
        }
    }

    public Path path(String key) {
        return Path.of(string(key)).toAbsolutePath().normalize();
    }

    private String require(String key) {
        String value = values.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("no such setting: " + key);
        }
        return value;
    }
}
