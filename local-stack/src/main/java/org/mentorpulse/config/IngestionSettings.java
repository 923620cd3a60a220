package org.mentorpulse.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mentorpulse.ingestion.IngestionLimits;
import org.mentorpulse.ingestion.validation.EventTimeWindow;
import org.mentorpulse.ingestion.webhooks.CalendarAdapter;
import org.mentorpulse.ingestion.webhooks.GraphAdapter;
import org.mentorpulse.ingestion.webhooks.SlackAdapter;
import org.mentorpulse.ingestion.webhooks.SurveyAdapter;
import org.mentorpulse.ingestion.webhooks.WebhookAdapter;
import org.mentorpulse.ingestion.webhooks.ZoomAdapter;

/** The ingestion part of the settings: limits for the HTTP API and the bulk import, and the vendor webhooks. */
public final class IngestionSettings {
    private IngestionSettings() {}

    /** The vendor adapters whose secrets are configured. */
    public static List<WebhookAdapter> webhooks(Settings settings) {
        List<WebhookAdapter> adapters = new ArrayList<>();
        Optional.ofNullable(settings.optional("webhooks.zoom.secret-token")).map(ZoomAdapter::new).ifPresent(adapters::add);
        Optional.ofNullable(settings.optional("webhooks.slack.signing-secret")).map(SlackAdapter::new)
                .ifPresent(adapters::add);
        Optional.ofNullable(settings.optional("webhooks.msgraph.client-state")).map(GraphAdapter::new)
                .ifPresent(adapters::add);
        Optional.ofNullable(settings.optional("webhooks.survey.secret")).map(SurveyAdapter::new).ifPresent(adapters::add);
        if (Boolean.parseBoolean(settings.string("webhooks.calendar.enabled"))) {
            adapters.add(new CalendarAdapter());
        }
        return adapters;
    }

    public static IngestionLimits limits(Settings settings) {
        try {
            return new IngestionLimits(settings.positiveInt("ingestion.max-body-bytes"),
                    settings.positiveInt("ingestion.max-batch-events"),
                    settings.positiveInt("ingestion.max-event-bytes"),
                    settings.positiveInt("ingestion.max-json-depth"),
                    new EventTimeWindow(Duration.ofMinutes(settings.positiveInt("ingestion.max-minutes-ahead")),
                            settings.instant("ingestion.earliest-event-time")));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("ingestion limits: " + e.getMessage());
        }
    }
}
