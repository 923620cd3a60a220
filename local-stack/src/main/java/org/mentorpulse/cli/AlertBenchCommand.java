package org.mentorpulse.cli;

import java.util.concurrent.Callable;
import org.mentorpulse.bench.AlertLatencyBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "bench-alerts", description = "Measure alert latency with many matches live: risk row published -> "
        + "alert raised on its topic, and -> nudge mail accepted by the SMTP server (p50/p95/p99). Runs on a stack "
        + "of its own, removed afterwards.")
final class AlertBenchCommand implements Callable<Integer> {
    @ParentCommand MentorPulseCli parent;
    @Spec CommandSpec spec;

    @Option(names = "--matches", defaultValue = "10000", description = "matches live (default: ${DEFAULT-VALUE})")
    int matches;

    @Option(names = "--alerts", defaultValue = "200", description = "matches entering stalled per round "
            + "(default: ${DEFAULT-VALUE})")
    int alerts;

    @Option(names = "--rounds", defaultValue = "5", description = "measured rounds after a warm-up; medians are "
            + "reported (default: ${DEFAULT-VALUE})")
    int rounds;

    @Override
    public Integer call() throws Exception {
        ProgramFlags.atLeast(spec, "--matches", matches, 1);
        ProgramFlags.atLeast(spec, "--alerts", alerts, 1);
        ProgramFlags.atLeast(spec, "--rounds", rounds, 1);
        AlertLatencyBenchmark.onOwnStack(parent.settings(), matches, alerts, rounds, System.out, stack -> { });
        return 0;
    }
}
