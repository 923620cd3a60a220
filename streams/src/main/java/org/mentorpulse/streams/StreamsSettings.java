package org.mentorpulse.streams;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.mentorpulse.config.Settings;

/** The Streams apps' settings ({@code streams-defaults.properties}). */
public final class StreamsSettings {
    public static final Settings.Layout LAYOUT = new Settings.Layout(
            List.of(Settings.CONNECTION_DEFAULTS, "/streams-defaults.properties"), Set.of());

    private StreamsSettings() {}

    public static Duration clockInterval(Settings settings) {
        return Duration.ofSeconds(settings.positiveInt("streams.clock-interval-seconds"));
    }
}
