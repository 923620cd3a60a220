package org.mentorpulse.cli;

import java.sql.Connection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mentorpulse.research.NudgeLift;
import org.mentorpulse.warehouse.SchemaMigrator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "nudge-lift", description = "Compare resumed two-way contact within 7 and 14 days of an alert, "
        + "nudged against held out, with 95%% confidence intervals (starts the stack if needed).")
final class NudgeLiftCommand implements Callable<Integer> {
    @ParentCommand MentorPulseCli parent;

    @Option(names = "--program", defaultValue = "", description = "one program (default: all)")
    String program;

    @Override
    public Integer call() throws Exception {
        MentorPulseCli.Running running = parent.stackUp();
        List<NudgeLift.Window> windows;
        try (Connection c = running.endpoints().openClickHouse()) {
            windows = NudgeLift.measure(c, SchemaMigrator.MAIN_DATABASE, program);
        }
        System.out.printf("%nResumed two-way contact after an alert (%s), nudged vs held out:%n",
                program.isEmpty() ? "all programs" : program);
        System.out.println("| within | nudged | held out | lift | 95% interval |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (NudgeLift.Window w : windows) {
            System.out.printf(Locale.ROOT, "| %d days | %d of %d (%s) | %d of %d (%s) | %s | %s |%n", w.days(),
                    w.nudged().resumed(), w.nudged().alerts(), percent(w.nudged().rate()), w.heldOut().resumed(),
                    w.heldOut().alerts(), percent(w.heldOut().rate()), points(w.lift()),
                    Double.isNaN(w.low()) ? "needs alerts in both arms" : points(w.low()) + " to " + points(w.high()));
        }
        System.out.println("(an alert counts for a window once its match has been evaluated for all of it)");
        return 0;
    }

    private static String percent(double rate) {
        return Double.isNaN(rate) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * rate);
    }

    private static String points(double difference) {
        return Double.isNaN(difference) ? "-" : String.format(Locale.ROOT, "%+.1f points", 100 * difference);
    }
}
