package org.mentorpulse.generator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.mentorpulse.generator.SyntheticProgram.PlantedMatch;

/**
 * The generator's answers, in a file of their own so that nothing in the event stream gives them away: per
 * match its archetype, its last two-way contact up to the evaluation day, and whether it is stalled on the evaluation day under the
 * given threshold. Tests and benchmarks score the pipeline's output against it.
 */
public final class GroundTruth {
    public static final String HEADER = "match_id,cohort_id,archetype,created,last_two_way_contact,evaluation_day,"
            + "days_silent,stalled";

    private GroundTruth() {}

    public static void write(SyntheticProgram program, int stallThresholdDays, Path file) throws IOException {
        LocalDate day = program.evaluationDay();
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write(HEADER);
            out.newLine();
            for (PlantedMatch m : program.matches()) {
                long silent = m.daysSilentAt(day);
                out.write(String.join(",", m.matchId(), m.cohortId(), m.archetype().name(), m.created().toString(),
                        m.lastTwoWayContactBy(day) == null ? "" : m.lastTwoWayContactBy(day).toString(), day.toString(),
                        Long.toString(silent), Boolean.toString(silent > stallThresholdDays)));
                out.newLine();
            }
        }
    }
}
