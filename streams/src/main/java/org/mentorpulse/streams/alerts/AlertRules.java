package org.mentorpulse.streams.alerts;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import org.mentorpulse.config.Settings;

/**
 * The alerting app's settings: how recent a day must be to act, when people may be nudged, who is held out.
 *
 * @param recentDays only days at most this far behind the newest evaluated day raise or resolve anything
 */
public record AlertRules(int recentDays, QuietHours quietHours, Holdout holdout) {
    public static final AlertRules DEFAULT = new AlertRules(2, QuietHours.DEFAULT, new Holdout(0.10, "mentorpulse"));

    /** From {@code alerts.*} (streams-defaults.properties); a bad value names its key. */
    public static AlertRules from(Settings settings) {
        return new AlertRules(settings.positiveInt("alerts.recent-days"),
                new QuietHours(time(settings, "alerts.quiet-from"), time(settings, "alerts.quiet-until"),
                        settings.flag("alerts.quiet-weekends")),
                new Holdout(share(settings, "alerts.holdout-share"), settings.string("alerts.holdout-salt")));
    }

    private static LocalTime time(Settings settings, String key) {
        String raw = settings.string(key);
        try {
            return LocalTime.parse(raw);
        } catch (DateTimeParseException e) {
            throw Settings.invalid(key, raw, "a local time such as 20:00");
        }
    }

    private static double share(Settings settings, String key) {
        String raw = settings.string(key);
        try {
            double share = Double.parseDouble(raw);
            if (!(share >= 0 && share <= 1)) {
                throw new NumberFormatException();
            }
            return share;
        } catch (NumberFormatException e) {
            throw Settings.invalid(key, raw, "a share from 0 to 1, such as 0.10");
        }
    }
}
