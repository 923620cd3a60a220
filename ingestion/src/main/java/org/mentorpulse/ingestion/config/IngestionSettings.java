package org.mentorpulse.ingestion.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mentorpulse.config.ConfigurationException;
import org.mentorpulse.config.Settings;
import org.mentorpulse.ingestion.IngestionLimits;
import org.mentorpulse.ingestion.auth.ApiKeys;
import org.mentorpulse.ingestion.validation.EventTimeWindow;
import org.mentorpulse.ingestion.webhooks.CalendarAdapter;
import org.mentorpulse.ingestion.webhooks.GraphAdapter;
import org.mentorpulse.ingestion.webhooks.SlackAdapter;
import org.mentorpulse.ingestion.webhooks.SurveyAdapter;
import org.mentorpulse.ingestion.webhooks.WebhookAdapter;
import org.mentorpulse.ingestion.webhooks.ZoomAdapter;

/**
 * The ingestion service's settings ({@code ingestion-defaults.properties}): limits for the HTTP API and the bulk
 * import, the sources and their keys, the vendor webhooks, the management port.
 */
public final class IngestionSettings {
    public static final Settings.Layout LAYOUT = new Settings.Layout(
            List.of(Settings.CONNECTION_DEFAULTS, "/ingestion-defaults.properties"), Set.of(ApiKeys.PREFIX));

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
        if (settings.flag("webhooks.calendar.enabled")) {
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

    /** The configured sources and their key hashes; a malformed entry stops start-up with its key. */
    public static ApiKeys apiKeys(Settings settings) {
        try {
            return ApiKeys.fromProperties(settings.withPrefix(ApiKeys.PREFIX));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }
}
