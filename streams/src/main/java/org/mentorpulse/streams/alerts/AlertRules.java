package org.mentorpulse.streams.alerts;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import org.mentorpulse.config.Settings;
import org.mentorpulse.schema.Notification;

/**
 * The alerting app's settings: how recent a day must be to act, when people may be told, who is held out, when
 * an alert goes to the program manager, how many messages a program may send a day, and who its managers are.
 *
 * @param recentDays only days at most this far behind the newest evaluated day raise or resolve anything
 * @param escalateAfter an alert nobody acted on goes to the program's managers this long after it was raised
 * @param nudgesPerProgramDay at most this many nudges per program per (UTC) day; the rest wait for the next day
 * @param escalationsPerProgramDay the same for escalations
 */
public record AlertRules(int recentDays, QuietHours quietHours, Holdout holdout, Duration escalateAfter,
        int nudgesPerProgramDay, int escalationsPerProgramDay, ManagerDirectory managers) {

    public static final AlertRules DEFAULT = new AlertRules(2, QuietHours.DEFAULT, new Holdout(0.10, "mentorpulse"),
            Duration.ofDays(5), 200, 50, ManagerDirectory.EMPTY);

    /** From {@code alerts.*} (streams-defaults.properties); a bad value names its key. */
    public static AlertRules from(Settings settings) {
        String managersFile = settings.string("alerts.managers-file");
        return new AlertRules(settings.positiveInt("alerts.recent-days"),
                new QuietHours(time(settings, "alerts.quiet-from"), time(settings, "alerts.quiet-until"),
                        settings.flag("alerts.quiet-weekends")),
                new Holdout(share(settings, "alerts.holdout-share"), settings.string("alerts.holdout-salt")),
                duration(settings, "alerts.escalate-after"),
                settings.positiveInt("alerts.daily-nudges-per-program"),
                settings.positiveInt("alerts.daily-escalations-per-program"),
                managersFile.isBlank() ? ManagerDirectory.EMPTY : ManagerDirectory.read(Path.of(managersFile)));
    }

    public AlertRules withManagers(ManagerDirectory directory) {
        return new AlertRules(recentDays, quietHours, holdout, escalateAfter, nudgesPerProgramDay,
                escalationsPerProgramDay, directory);
    }

    /** The daily cap of a purpose ({@code nudge} or {@code escalation}). */
    int dailyCap(String purpose) {
        return Notification.NUDGE.equals(purpose) ? nudgesPerProgramDay : escalationsPerProgramDay;
    }

    private static LocalTime time(Settings settings, String key) {
        String raw = settings.string(key);
        try {
            return LocalTime.parse(raw);
        } catch (DateTimeParseException e) {
            throw Settings.invalid(key, raw, "a local time such as 20:00");
        }
    }

    private static Duration duration(Settings settings, String key) {
        String raw = settings.string(key);
        try {
            Duration d = Duration.parse(raw);
            if (d.isNegative() || d.isZero()) {
                throw new DateTimeParseException("not positive", raw, 0);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw Settings.invalid(key, raw, "a positive ISO-8601 duration such as P5D (five days) or PT30S");
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
