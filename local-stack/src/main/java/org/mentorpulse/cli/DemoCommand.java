package org.mentorpulse.cli;

import java.io.PrintStream;
import java.time.LocalDate;
import java.util.Set;
import java.util.concurrent.Callable;
import org.mentorpulse.demo.Demo;
import org.mentorpulse.demo.StalledRelationship;
import org.mentorpulse.testkit.generator.SyntheticProgramGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "demo", description = "Start the stack, run the pipeline on a generated program and show the "
        + "stalled relationships read back from ClickHouse, and the alerts: raised, held out, and the nudges and "
        + "escalations read back from the mail server and a webhook receiver.")
final class DemoCommand implements Callable<Integer> {
    @ParentCommand MentorPulseCli parent;
    @Spec CommandSpec spec;

    @Option(names = "--seed", defaultValue = "42", description = "generator seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--matches", defaultValue = "40", description = "matches to generate (default: ${DEFAULT-VALUE})")
    int matches;

    @Option(names = "--days", defaultValue = "90", description = "program length in days (default: ${DEFAULT-VALUE})")
    int days;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        Demo.Result result = Demo.run(parent.settings(),
                ProgramFlags.program(spec, seed, matches, days, LocalDate.of(2026, 3, 2), 0), out);
        out.println();
        out.printf("Stalled relationships on %s (no two-way contact for longer than their stall threshold:%n"
                + "max(2 x the agreed meeting cadence, 21) days; days are the mentee's local days):%n", result.day());
        out.printf("  %-12s %-10s %6s %9s  %-12s %5s  %s%n", "MATCH", "COHORT", "SILENT", "THRESHOLD", "LAST CONTACT",
                "SCORE", "WHY");
        for (StalledRelationship r : result.found()) {
            out.printf("  %-12s %-10s %6d %9d  %-12s %5d  %s%n", r.matchId(), r.cohortId(), r.daysSilent(),
                    r.thresholdDays(), r.lastTwoWayContact() == null ? "never" : r.lastTwoWayContact(), r.score(),
                    r.why());
        }
        Set<String> found = result.foundIds();
        Set<String> planted = result.plantedIds();
        out.println();
        out.printf("%d of %d matches stalled. The generator planted %d stalled matches: %s%n", found.size(),
                result.program().matches().size(), planted.size(),
                found.equals(planted) ? "all found, no healthy match flagged." : "MISMATCH, found " + found
                        + " but planted " + planted);
        out.println();
        result.alerts().print(out);
        Demo.ConsoleSignIn console = result.console();
        out.println();
        out.printf("The triage console: ./mentorpulse run --managers %s%n"
                + "  then open %s and sign in as %s with the password %s%n", console.managersFile(), console.url(),
                console.manager(), console.password());
        out.println("The stack is still running: ./mentorpulse status shows it (and where to read the mail), "
                + "./mentorpulse down stops it.");
        return found.equals(planted) ? 0 : 3;
    }
}
