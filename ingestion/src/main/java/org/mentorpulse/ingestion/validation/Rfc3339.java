package org.mentorpulse.ingestion.validation;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * RFC 3339 timestamps, fast. Almost every event carries two or three, and {@link OffsetDateTime#parse} was the
 * largest single cost of validation; the common shape {@code 2026-03-02T09:30:00[.123]Z|+01:00} is read here
 * by hand and handed to java.time to build (which still checks that the date exists). Anything else goes to
 * {@link OffsetDateTime#parse}, so what is accepted and refused is exactly what java.time decides.
 */
final class Rfc3339 {
    private Rfc3339() {}

    /** The instant, or throws {@link DateTimeParseException} like {@link OffsetDateTime#parse}. */
    static Instant parse(String s) {
        Instant fast = fastPath(s);
        return fast != null ? fast : OffsetDateTime.parse(s).toInstant();
    }

    private static Instant fastPath(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && Character.isDigit(s.charAt(i))) {
                nanos = nanos * 10 + (s.charAt(i) - '0');
                i++;
            }
            if (i == start) {
                return null;
            }
            for (int k = i - start; k < 9; k++) {
                nanos *= 10;
            }
        }
        if (i >= n) {
            return null;
        }
        int offsetSeconds;
        char c = s.charAt(i);
        if ((c == 'Z' || c == 'z') && i == n - 1) {
            offsetSeconds = 0;
        } else if ((c == '+' || c == '-') && i == n - 6 && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if ((oh | om) < 0 || oh > 18 || om > 59) {
                return null;
            }
            offsetSeconds = (c == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos)
                    .toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds));
        } catch (DateTimeException e) {
            return null; // an impossible date: let java.time's parser say so in its own words
        }
    }

    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
