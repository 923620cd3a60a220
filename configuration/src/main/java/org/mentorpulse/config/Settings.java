package org.mentorpulse.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one typed entry point to configuration, for every service: the built-in defaults of the parts it runs
 * ({@link Layout}), then an optional file, then the environment ({@code MENTORPULSE_KAFKA_PORT} overrides
 * {@code kafka.port}), then {@code --key value} arguments. A key nobody defines, or a value that does not parse,
 * stops start-up with an error that names the key, never a stack trace from deep inside a client library.
 */
public final class Settings {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z.]+)}");
    /** The defaults every service has: where Kafka and ClickHouse are. */
    public static final String CONNECTION_DEFAULTS = "/connection-defaults.properties";

    /**
     * What a service's settings are made of: its parts' defaults (classpath resources; every key must have a
     * default) and the families of keys with free names, such as one entry per ingestion source.
     */
    public record Layout(List<String> defaults, Set<String> openPrefixes) {
        public Layout {
            defaults = List.copyOf(defaults);
            openPrefixes = Set.copyOf(openPrefixes);
        }

        /** Both layouts' parts: how the local stack runs every service in one process. */
        public Layout with(Layout other) {
            List<String> all = new ArrayList<>(defaults);
            other.defaults.stream().filter(d -> !all.contains(d)).forEach(all::add);
            Set<String> prefixes = new TreeSet<>(openPrefixes);
            prefixes.addAll(other.openPrefixes);
            return new Layout(all, prefixes);
        }
    }

    private final Properties values;

    private Settings(Properties values) {
        this.values = values;
    }

    /**
     * Defaults, then {@code file} (may be null), then {@code environment}, then {@code overrides}. Only the
     * environment variables of known keys are read.
     */
    public static Settings load(Layout layout, Path file, Map<String, String> environment,
            Map<String, String> overrides) {
        Properties props = new Properties();
        for (String resource : layout.defaults()) {
            Properties part = new Properties();
            try (InputStream in = Settings.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("the built-in defaults " + resource + " are missing");
                }
                part.load(in);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the built-in defaults " + resource, e);
            }
            for (String key : part.stringPropertyNames()) {
                String before = props.getProperty(key);
                if (before != null && !before.equals(part.getProperty(key))) {
                    throw new IllegalStateException("two built-in defaults disagree on '" + key + "'");
                }
                props.setProperty(key, part.getProperty(key));
            }
        }
        Set<String> known = new TreeSet<>(props.stringPropertyNames());
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
                requireKnown(key, known, layout, "in " + file);
                props.setProperty(key, fromFile.getProperty(key));
            }
        }
        for (String key : known) {
            String env = environment.get(environmentName(key));
            if (env != null) {
                props.setProperty(key, env);
            }
        }
        overrides.forEach((key, value) -> {
            requireKnown(key, known, layout, "given as --" + key);
            props.setProperty(key, value);
        });
        return new Settings(props);
    }

    /**
     * A service's own {@code main}: {@code --config FILE} (else {@code MENTORPULSE_CONFIG}), the environment, and
     * every other {@code --key value} pair as an override.
     */
    public static Settings fromCommandLine(Layout layout, String[] args) {
        Map<String, String> overrides = new TreeMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new ConfigurationException("arguments are --key value pairs, not '" + arg + "'");
            }
            String key = arg.substring(2);
            String value;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new ConfigurationException("--" + key + " needs a value");
            }
            overrides.put(key, value);
        }
        String file = overrides.remove("config");
        if (file == null) {
            file = System.getenv("MENTORPULSE_CONFIG");
        }
        return load(layout, file == null || file.isBlank() ? null : Path.of(file), System.getenv(), overrides);
    }

    /** Settings from the environment (and {@code MENTORPULSE_CONFIG} or {@code file}), no arguments. */
    public static Settings fromEnvironment(Layout layout, Path file) {
        String fromEnv = System.getenv("MENTORPULSE_CONFIG");
        Path chosen = file != null ? file : (fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv));
        return load(layout, chosen, System.getenv(), Map.of());
    }

    private static void requireKnown(String key, Set<String> known, Layout layout, String where) {
        if (!known.contains(key) && layout.openPrefixes().stream().noneMatch(key::startsWith)) {
            throw new ConfigurationException("unknown setting '" + key + "' " + where + " (known settings: " + known
                    + (layout.openPrefixes().isEmpty() ? "" : ", and keys under " + layout.openPrefixes()) + ")");
        }
    }

    /** A copy with one setting changed; tests and the test stack use it to isolate state and ports. */
    public Settings with(String key, String value) {
        require(key);
        Properties copy = new Properties();
        copy.putAll(values);
        copy.setProperty(key, value);
        return new Settings(copy);
    }

    /** Every setting whose key starts with {@code prefix}, e.g. the ingestion sources; "" gives them all. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new TreeMap<>();
        for (String key : values.stringPropertyNames()) {
            if (key.startsWith(prefix)) {
                out.put(key, values.getProperty(key).strip());
            }
        }
        return out;
    }

    /** The environment variable that overrides a key: kafka.port -> MENTORPULSE_KAFKA_PORT. */
    public static String environmentName(String key) {
        return "MENTORPULSE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
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
            throw invalid(key, raw, "a port number from 0 to 65535");
        }
    }

    public int positiveInt(String key) {
        long value = positiveLong(key);
        if (value > Integer.MAX_VALUE) {
            throw invalid(key, string(key), "a positive whole number up to " + Integer.MAX_VALUE);
        }
        return (int) value;
    }

    public long positiveLong(String key) {
        String raw = string(key);
        try {
            long value = Long.parseLong(raw);
            if (value <= 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw invalid(key, raw, "a positive whole number");
        }
    }

    /** An RFC 3339 instant, e.g. 2000-01-01T00:00:00Z. */
    public Instant instant(String key) {
        String raw = string(key);
        try {
            return Instant.parse(raw);
        } catch (DateTimeParseException e) {
            throw invalid(key, raw, "an RFC 3339 UTC time such as 2000-01-01T00:00:00Z");
        }
    }

    public boolean flag(String key) {
        String raw = string(key);
        if (!raw.equalsIgnoreCase("true") && !raw.equalsIgnoreCase("false")) {
            throw invalid(key, raw, "true or false");
        }
        return Boolean.parseBoolean(raw);
    }

    public Path path(String key) {
        return Path.of(string(key)).toAbsolutePath().normalize();
    }

    /** The error for a value that does not parse: the key, its environment variable, what is expected. */
    public static ConfigurationException invalid(String key, String raw, String expected) {
        return new ConfigurationException("setting '" + key + "' (env " + environmentName(key) + ") must be "
                + expected + ", not '" + raw + "'");
    }

    private String require(String key) {
        String value = values.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("no such setting: " + key);
        }
        return value;
    }
}
