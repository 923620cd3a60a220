package org.mentorpulse.benchmarks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
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
}
