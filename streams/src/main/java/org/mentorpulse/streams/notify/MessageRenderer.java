package org.mentorpulse.streams.notify;

import java.text.MessageFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import org.mentorpulse.schema.Notification;

/**
 * Puts a notification into words for its recipient: the templates of its purpose in their language (resource
 * bundles {@code notify/messages*.properties}: English, Spanish), times in their zone, once as plain text and once
 * as HTML. A language that has no templates gets English.
 */
public final class MessageRenderer {
    public static final Set<String> LANGUAGES = Set.of("en", "es");
    private static final String BUNDLE = "org.mentorpulse.streams.notify.messages";

    /** The triage console's address, ending in '/', or empty: then the messages link to nothing. */
    private final String consoleUrl;

    public MessageRenderer() {
        this("");
    }

    public MessageRenderer(String consoleUrl) {
        this.consoleUrl = consoleUrl.isEmpty() || consoleUrl.endsWith("/") ? consoleUrl : consoleUrl + "/";
    }

    /** The locale a recipient's messages use: their language if offered, else English. */
    public static Locale locale(String language) {
        if (language == null) {
            return Locale.ENGLISH;
        }
        Locale wanted = Locale.forLanguageTag(language);
        return LANGUAGES.contains(wanted.getLanguage()) ? wanted : Locale.ENGLISH;
    }

    public RenderedMessage render(Notification notification, Recipient recipient) {
        Locale locale = locale(recipient.language());
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, locale, ResourceBundle.Control.getNoFallbackControl(
                ResourceBundle.Control.FORMAT_PROPERTIES));
        Template t = new Template(bundle, locale, recipient.zone());
        return switch (notification.purpose()) {
            case Notification.NUDGE -> nudge(t, notification.alerts().get(0), recipient.role());
            case Notification.ESCALATION -> escalation(t, notification.alerts().get(0), consoleUrl);
            case Notification.DIGEST -> digest(t, notification.alerts(), consoleUrl);
            default -> throw new IllegalArgumentException("no template for a " + notification.purpose());
        };
    }

    private static RenderedMessage nudge(Template t, Notification.AlertSummary alert, String role) {
        String partner = t.text("mentor".equals(role) ? "partner.mentor" : "partner.mentee");
        return t.message(t.format("nudge.subject", partner),
                List.of(t.format("nudge.body", partner, alert.daysSilent(), t.time(alert.raisedAt()))));
    }

    private static RenderedMessage escalation(Template t, Notification.AlertSummary alert, String consoleUrl) {
        List<String> paragraphs = new ArrayList<>(List.of(t.format("escalation.body", alert.matchId(),
                t.text("kind." + alert.kind()), alert.cohortId(), t.time(alert.raisedAt()), alert.why(),
                alert.daysSilent(), alert.alertId())));
        if (!consoleUrl.isEmpty()) {
            paragraphs.add(t.format("console.match", consoleUrl + "matches/" + alert.matchId()));
        }
        return t.message(t.format("escalation.subject", alert.matchId(), t.text("kind." + alert.kind())), paragraphs);
    }

    private static RenderedMessage digest(Template t, List<Notification.AlertSummary> alerts, String consoleUrl) {
        List<String> lines = new ArrayList<>();
        lines.add(t.text("digest.intro"));
        for (Notification.AlertSummary a : alerts) {
            lines.add(t.format("digest.line", a.matchId(), a.cohortId(), t.text("kind." + a.kind()),
                    t.time(a.raisedAt()), a.why()));
        }
        if (!consoleUrl.isEmpty()) {
            lines.add(t.format("console.alerts", consoleUrl));
        }
        return t.message(t.format("digest.subject", alerts.size()), lines);
    }

    /** One recipient's bundle, locale and zone. */
    private record Template(ResourceBundle bundle, Locale locale, ZoneId zone) {
        String text(String key) {
            return bundle.getString(key);
        }

        String format(String key, Object... args) {
            return new MessageFormat(bundle.getString(key), locale).format(args);
        }

        /** A moment in the recipient's zone and language, with the zone named: "3 May 2026, 09:00 (Europe/Madrid)". */
        String time(String rfc3339) {
            return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT).withLocale(locale)
                    .withZone(zone).format(Instant.parse(rfc3339)) + " (" + zone.getId() + ")";
        }

        /** The paragraphs as text, and as HTML with every character of the content escaped. */
        RenderedMessage message(String subject, List<String> paragraphs) {
            String text = String.join("\n\n", paragraphs);
            StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"").append(locale.getLanguage())
                    .append("\"><body>");
            for (String paragraph : text.split("\n\n")) {
                html.append("<p>").append(escape(paragraph).replace("\n", "<br>")).append("</p>");
            }
            return new RenderedMessage(subject, text, html.append("</body></html>").toString());
        }
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
