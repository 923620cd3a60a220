package org.mentorpulse.config;

import org.mentorpulse.ingestion.IngestionLimits;

/** The ingestion part of the settings, read once for the HTTP API and the bulk import alike. */
public final class IngestionSettings {
    private IngestionSettings() {}

    public static IngestionLimits limits(Settings settings) {
        try {
            return new IngestionLimits(settings.positiveInt("ingestion.max-body-bytes"),
                    settings.positiveInt("ingestion.max-batch-events"),
                    settings.positiveInt("ingestion.max-event-bytes"),
                    settings.positiveInt("ingestion.max-json-depth"));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("ingestion limits: " + e.getMessage());
        }
    }
}
