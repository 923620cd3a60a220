package org.mentorpulse.ingestion.validation;

import java.time.Duration;
import java.time.Instant;

/**
 * Which event times ingestion believes: not more than {@code maxAhead} after the event was received (clocks
 * drift, and a calendar may announce a meeting a little early, but nothing has happened next week), and not
 * before {@code earliest} (a zero or a default date from a broken sender). A valid RFC 3339 time outside this
 * window is refused with the reason, instead of becoming an event-time clock that every later stage trusts:
 * a year-9999 time would move watermarks and clock ticks to the end of time.
 */
public record EventTimeWindow(Duration maxAhead, Instant earliest) {
    public static final EventTimeWindow DEFAULT = new EventTimeWindow(Duration.ofDays(1),
            Instant.parse("2000-01-01T00:00:00Z"));

    public EventTimeWindow {
        if (maxAhead.isNegative()) {
            throw new IllegalArgumentException("the time an event may be ahead of its receipt must not be negative");
        }
    }

    /** Null if {@code time}, received at {@code receivedAt}, is believable; else the reason. */
    public String refusal(Instant time, Instant receivedAt) {
        if (time.isAfter(receivedAt.plus(maxAhead))) {
            return "is " + time + ", more than " + human(maxAhead) + " after it was received (" + receivedAt
                    + "): events report what has happened";
        }
        if (time.isBefore(earliest)) {
            return "is " + time + ", before " + earliest + ", the earliest event time accepted";
        }
        return null;
    }

    private static String human(Duration d) {
        return d.toHours() % 24 == 0 && d.toDays() > 0 ? d.toDays() + (d.toDays() == 1 ? " day" : " days")
                : d.toMinutes() + " minutes";
    }
}
