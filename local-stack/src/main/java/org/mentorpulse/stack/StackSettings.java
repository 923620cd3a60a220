package org.mentorpulse.stack;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.mentorpulse.analytics.config.AnalyticsSettings;
import org.mentorpulse.config.Settings;
import org.mentorpulse.console.ConsoleApp;
import org.mentorpulse.ingestion.config.IngestionSettings;
import org.mentorpulse.streams.StreamsSettings;
import org.mentorpulse.streams.alerts.AlertRules;

/**
 * The local stack's settings: its own ({@code mentorpulse-defaults.properties}: state, ports, the local Kafka and
 * ClickHouse) and those of every service it runs in one process, so that one file configures them all.
 */
public final class StackSettings {
    public static final Settings.Layout LAYOUT = new Settings.Layout(List.of("/mentorpulse-defaults.properties"),
            Set.of()).with(IngestionSettings.LAYOUT).with(StreamsSettings.LAYOUT).with(AnalyticsSettings.LAYOUT)
            .with(ConsoleApp.LAYOUT);

    private StackSettings() {}

    /** Defaults, then {@code file} (else {@code MENTORPULSE_CONFIG}), then the environment; checked at once. */
    public static Settings fromEnvironment(Path file) {
        Settings settings = Settings.fromEnvironment(LAYOUT, file);
        // a bad value of any service stops start-up here, naming its key, before anything runs
        AnalyticsSettings.from(settings);
        IngestionSettings.limits(settings);
        IngestionSettings.apiKeys(settings);
        StreamsSettings.clockInterval(settings);
        AlertRules.from(settings);
        return settings;
    }
}
