package org.mentorpulse.streams.alerts;

import java.time.Instant;
import java.time.LocalDate;
import org.apache.avro.specific.SpecificRecord;
import org.mentorpulse.schema.LogRecord;
import org.mentorpulse.schema.events.AlertAcknowledged;
import org.mentorpulse.schema.events.AlertAnnotated;
import org.mentorpulse.schema.events.AlertSnoozed;
import org.mentorpulse.schema.events.Channel;
import org.mentorpulse.schema.events.MessageSent;
import org.mentorpulse.schema.events.MessageChannel;
import org.mentorpulse.schema.events.OutreachLogged;
import org.mentorpulse.schema.events.ParticipantErased;
import org.mentorpulse.testkit.events.LogEvents;

/** Events of the canonical log, as the alerting app reads them, for tests. */
final class AlertEvents {
    private static int ids;

    private AlertEvents() {}

    static LogRecord event(String subject, Instant time, SpecificRecord data) {
        return LogEvents.event("/test", "e-" + ++ids, time, subject, "prog", data);
    }

    /** A participant with the address {@code <participant>@example.org}. */
    static LogRecord registered(String participant, String role, String zone, String language) {
        return event(null, Instant.parse("2026-01-05T09:00:00Z"),
                LogEvents.registration(participant, "prog", role, zone, language, true));
    }

    static LogRecord erased(String participant) {
        return event(null, Instant.parse("2026-01-06T09:00:00Z"), new ParticipantErased(participant));
    }

    /** A match of {@code <match>-mentor} and {@code <match>-mentee}. */
    static LogRecord matchCreated(String match) {
        return event(match, Instant.parse("2026-01-06T09:00:00Z"), LogEvents.matchOfPair(match, "prog", "cohort"));
    }

    static LogRecord message(String match, String sender, Instant time) {
        return event(match, time, MessageSent.newBuilder().setMatchId(match).setSenderId(sender)
                .setChannel(MessageChannel.values()[0]).build());
    }

    static LogRecord acknowledged(String match, String staff, String alertId, Instant time) {
        return event(match, time, new AlertAcknowledged(match, staff, alertId));
    }

    static LogRecord snoozed(String match, String staff, LocalDate until, Instant time) {
        return event(match, time, new AlertSnoozed(match, staff, null, until));
    }

    static LogRecord annotated(String match, String staff, String note, Instant time) {
        return event(match, time, new AlertAnnotated(match, staff, null, note));
    }

    static LogRecord outreach(String match, String staff, Instant time) {
        return event(match, time, OutreachLogged.newBuilder().setMatchId(match).setStaffId(staff)
                .setChannel(Channel.phone).setOutcome("reached").build());
    }
}
