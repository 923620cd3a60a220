package org.mentorpulse.benchmarks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mentorpulse.analytics.event.InteractionEvent;
import org.mentorpulse.ingestion.validation.EventValidator;
import org.mentorpulse.schema.MentorPulseEvent;
import org.mentorpulse.testkit.generator.SyntheticProgram;
import org.mentorpulse.testkit.generator.SyntheticProgramGenerator;

/** The benchmarks' input: a generated program at the generator's default density, the same in every run. */
final class Programs {
    /** 200 matches over 90 days, seed 5: the scoring test's program. */
    static final SyntheticProgram PROGRAM = new SyntheticProgramGenerator(new SyntheticProgramGenerator.Options(5,
            200, 90, LocalDate.of(2026, 3, 2))).generate();

    private Programs() {}

    static List<ObjectNode> cloudEvents() {
        return PROGRAM.events();
    }

    /** The program's events as ingestion accepts them. */
    static List<MentorPulseEvent> canonical() {
        EventValidator validator = new EventValidator();
        List<MentorPulseEvent> out = new ArrayList<>();
        for (ObjectNode e : PROGRAM.events()) {
            out.add(validator.validate(e, Instant.parse("2026-06-01T00:00:00Z")).event());
        }
        return out;
    }

    /**
     * Each match's events in log order, with its participants' registrations and cohort sessions routed to it as
     * ParticipantRouting routes them in the job.
     */
    static Map<String, List<InteractionEvent>> eventsByMatch() {
        Map<String, List<InteractionEvent>> byMatch = new LinkedHashMap<>();
        Map<String, List<String>> matchesOf = new HashMap<>();
        List<MentorPulseEvent> events = canonical();
        for (MentorPulseEvent e : events) {
            InteractionEvent ie = InteractionEvent.from(e);
            if (ie.matchId != null) {
                byMatch.computeIfAbsent(ie.matchId, k -> new ArrayList<>()).add(ie);
                if (ie.mentorId != null) {
                    matchesOf.computeIfAbsent(ie.mentorId, k -> new ArrayList<>()).add(ie.matchId);
                    matchesOf.computeIfAbsent(ie.menteeId, k -> new ArrayList<>()).add(ie.matchId);
                }
            }
        }
        for (MentorPulseEvent e : events) {
            InteractionEvent ie = InteractionEvent.from(e);
            if (ie.isParticipantScoped() && ie.actorId != null) {
                for (String match : matchesOf.getOrDefault(ie.actorId, List.of())) {
                    byMatch.get(match).add(ie.routedTo(match));
                }
            }
        }
        return byMatch;
    }
}
