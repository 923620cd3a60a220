package org.mentorpulse.streams.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class QuietHoursTest {
    private static final QuietHours DEFAULT = QuietHours.DEFAULT;

    private static String next(String utc, String zone) {
        ZoneId z = ZoneId.of(zone);
        return DEFAULT.nextAllowed(Instant.parse(utc), z).atZone(z).toOffsetDateTime().toString();
    }

    @Test
    void aWorkingHourIsAllowedAsItIs() {
        // Wednesday 2026-05-06, 10:15 in Lisbon (UTC+1)
        assertThat(next("2026-05-06T09:15:00Z", "Europe/Lisbon")).isEqualTo("2026-05-06T10:15+01:00");
    }

    @Test
    void anEveningWaitsForTheNextMorningAndANightBeforeMidnightOrAfter() {
        assertThat(next("2026-05-06T19:30:00Z", "Europe/Lisbon")).isEqualTo("2026-05-07T08:00+01:00");
        assertThat(next("2026-05-06T02:00:00Z", "Europe/Lisbon")).isEqualTo("2026-05-06T08:00+01:00");
    }

    @Test
    void theSameInstantIsDayInOneZoneAndNightInAnother() {
        String instant = "2026-05-06T13:00:00Z";
        assertThat(next(instant, "America/Chicago")).isEqualTo("2026-05-06T08:00-05:00");
        assertThat(next(instant, "Asia/Tokyo")).isEqualTo("2026-05-07T08:00+09:00");
        assertThat(next(instant, "Asia/Kolkata")).isEqualTo("2026-05-06T18:30+05:30");
    }

    @Test
    void weekendsWaitForMonday() {
        // Friday 2026-05-08 at 21:00 in Berlin: not Saturday morning, Monday morning
        assertThat(next("2026-05-08T19:00:00Z", "Europe/Berlin")).isEqualTo("2026-05-11T08:00+02:00");
        QuietHours weekendsToo = new QuietHours(LocalTime.of(20, 0), LocalTime.of(8, 0), false);
        assertThat(weekendsToo.nextAllowed(Instant.parse("2026-05-08T19:00:00Z"), ZoneId.of("Europe/Berlin")))
                .isEqualTo(Instant.parse("2026-05-09T06:00:00Z"));
    }

    @Test
    void theMorningIsEightLocalOnBothSidesOfASpringForward() {
        // Berlin moves from +01:00 to +02:00 in the night to Sunday 2026-03-29; New York on Sunday 2026-03-08
        QuietHours everyDay = new QuietHours(LocalTime.of(20, 0), LocalTime.of(8, 0), false);
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        assertThat(everyDay.nextAllowed(Instant.parse("2026-03-28T22:00:00Z"), berlin))
                .isEqualTo(Instant.parse("2026-03-29T06:00:00Z"));
        assertThat(everyDay.nextAllowed(Instant.parse("2026-03-27T22:00:00Z"), berlin))
                .isEqualTo(Instant.parse("2026-03-28T07:00:00Z"));
        ZoneId newYork = ZoneId.of("America/New_York");
        assertThat(everyDay.nextAllowed(Instant.parse("2026-03-08T05:00:00Z"), newYork))
                .isEqualTo(Instant.parse("2026-03-08T12:00:00Z"));
    }

    @Test
    void theMorningIsEightLocalOnBothSidesOfAFallBack() {
        // Berlin moves from +02:00 back to +01:00 in the night to Sunday 2026-10-25; New York on 2026-11-01
        QuietHours everyDay = new QuietHours(LocalTime.of(20, 0), LocalTime.of(8, 0), false);
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        assertThat(everyDay.nextAllowed(Instant.parse("2026-10-24T21:00:00Z"), berlin))
                .isEqualTo(Instant.parse("2026-10-25T07:00:00Z"));
        ZoneId newYork = ZoneId.of("America/New_York");
        assertThat(everyDay.nextAllowed(Instant.parse("2026-11-01T03:00:00Z"), newYork))
                .isEqualTo(Instant.parse("2026-11-01T13:00:00Z"));
    }

    @Test
    void aQuietHourThatDaylightSavingSkipsIsStillQuiet() {
        // 08:00 itself never is skipped in these zones; a window ending at 02:30 in Berlin on 2026-03-29 is: the
        // first allowed time is the first valid local time after the gap
        QuietHours endsInTheGap = new QuietHours(LocalTime.of(23, 0), LocalTime.of(2, 30), false);
        assertThat(endsInTheGap.nextAllowed(Instant.parse("2026-03-28T23:30:00Z"), ZoneId.of("Europe/Berlin")))
                .isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
    }
}
