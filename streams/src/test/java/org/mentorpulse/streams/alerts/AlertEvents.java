package org.mentorpulse.streams.alerts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.mentorpulse.schema.LogRecord;
import org.mentorpulse.schema.MentorPulseEvent;
import org.mentorpulse.schema.events.AlertAcknowledged;
import org.mentorpulse.schema.events.AlertAnnotated;
import org.mentorpulse.schema.events.AlertSnoozed;
import org.mentorpulse.schema.events.Channel;
import org.mentorpulse.schema.events.ExternalIdentity;
import org.mentorpulse.schema.events.MatchCreated;
import org.mentorpulse.schema.events.MessageSent;
import org.mentorpulse.schema.events.MessageChannel;
import org.mentorpulse.schema.events.OutreachLogged;
import org.mentorpulse.schema.events.ParticipantErased;
import org.mentorpulse.schema.events.ParticipantRegistered;
import org.mentorpulse.schema.events.ParticipantRole;

/** Events of the canonical log, as the alerting app reads them, for tests. */
final class AlertEvents {
    private static int ids;

    private AlertEvents() {}

    static LogRecord event(String subject, Instant time, Object data) {
        return new LogRecord.Event(MentorPulseEvent.newBuilder().setId("e-" + ++ids).setSource("/test")
                .setType(type(data)).setTime(time).setReceivedTime(time).setSubject(subject).setProgramId("prog")
                .setData(data).build());
    }

    private static String type(Object data) {
        return org.mentorpulse.schema.EventCatalogue.typeOf(((org.apache.avro.specific.SpecificRecord) data).getSchema());
    }

    static LogRecord registered(String participant, String role, String zone, String language, String email) {
        return event(null, Instant.parse("2026-01-05T09:00:00Z"), ParticipantRegistered.newBuilder()
                .setParticipantId(participant).setProgramId("prog").setRole(ParticipantRole.valueOf(role))
                .setTimezone(zone).setLanguage(language)
                .setExternalIdentities(email == null ? List.of()
                        : List.of(new ExternalIdentity("email", email)))
                .build());
    }

    static LogRecord erased(String participant) {
        return event(null, Instant.parse("2026-01-06T09:00:00Z"), new ParticipantErased(participant));
    }

    static LogRecord matchCreated(String match, String mentor, String mentee) {
        return event(match, Instant.parse("2026-01-06T09:00:00Z"), MatchCreated.newBuilder().setMatchId(match)
                .setProgramId("prog").setCohortId("cohort").setMentorId(mentor).setMenteeId(mentee).build());
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
