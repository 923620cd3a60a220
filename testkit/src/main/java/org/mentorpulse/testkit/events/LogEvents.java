package org.mentorpulse.testkit.events;

import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.mentorpulse.schema.EventCatalogue;
import org.mentorpulse.schema.LogRecord;
import org.mentorpulse.schema.MentorPulseEvent;
import org.mentorpulse.schema.events.ExternalIdentity;
import org.mentorpulse.schema.events.MatchCreated;
import org.mentorpulse.schema.events.ParticipantRegistered;
import org.mentorpulse.schema.events.ParticipantRole;

/**
 * Records of the canonical log ({@code mentorpulse.events}) built directly, as the deduplicator writes them: for
 * tests and benchmarks of the apps that read the log, without going through ingestion.
 */
public final class LogEvents {
    private LogEvents() {}

    /** An event of the log: its type is the payload's, its id and source as given. */
    public static LogRecord event(String source, String id, Instant time, String subject, String programId,
            SpecificRecord data) {
        return new LogRecord.Event(MentorPulseEvent.newBuilder().setId(id).setSource(source)
                .setType(EventCatalogue.typeOf(data.getSchema())).setTime(time).setReceivedTime(time)
                .setSubject(subject).setProgramId(programId).setData(data).build());
    }

    /** A participant with an e-mail address {@code <participant>@example.org} (none when {@code withEmail} is false). */
    public static ParticipantRegistered registration(String participant, String program, String role, String zone,
            String language, boolean withEmail) {
        return ParticipantRegistered.newBuilder().setParticipantId(participant).setProgramId(program)
                .setRole(ParticipantRole.valueOf(role)).setTimezone(zone).setLanguage(language)
                .setExternalIdentities(withEmail ? List.of(new ExternalIdentity("email", participant + "@example.org"))
                        : List.of())
                .build();
    }

    /** A match of {@code <match>-mentor} and {@code <match>-mentee}. */
    public static MatchCreated matchOfPair(String match, String program, String cohort) {
        return MatchCreated.newBuilder().setMatchId(match).setProgramId(program).setCohortId(cohort)
                .setMentorId(match + "-mentor").setMenteeId(match + "-mentee").build();
    }
}
