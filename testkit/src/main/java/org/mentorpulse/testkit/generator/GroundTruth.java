package org.mentorpulse.testkit.generator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.mentorpulse.testkit.generator.SyntheticProgram.StallThreshold;
import org.mentorpulse.testkit.generator.SyntheticProgram.PlantedMatch;

/**
 * The generator's answers, in a file of their own so that nothing in the event stream gives them away: per
 * match its archetype, its time zone and agreed cadence, its last two-way contact up to the evaluation day (a local
 * day in its zone), and whether it is stalled on that day under the risk settings. Tests and benchmarks score the
 * pipeline's output against it.
 */
public final class GroundTruth {
    public static final String HEADER = "match_id,cohort_id,archetype,timezone,meeting_every_days,created,"
            + "last_two_way_contact,evaluation_day,days_silent,stall_threshold_days,stalled";

    private GroundTruth() {}

    public static void write(SyntheticProgram program, StallThreshold risk, Path file) throws IOException {
        LocalDate day = program.evaluationDay();
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write(HEADER);
            out.newLine();
            for (PlantedMatch m : program.matches()) {
                int threshold = risk.days(program.programId(), m.meetingEveryDays());
                out.write(String.join(",", m.matchId(), m.cohortId(), m.archetype().name(), m.zone().getId(),
                        Integer.toString(m.meetingEveryDays()), m.created().toString(),
                        m.lastTwoWayContactBy(day) == null ? "" : m.lastTwoWayContactBy(day).toString(), day.toString(),
                        Long.toString(m.daysSilentAt(day)), Integer.toString(threshold),
                        Boolean.toString(m.stalledAt(day, program.programId(), risk))));
                out.newLine();
            }
        }
    }
}
