package org.mentorpulse.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mentorpulse.bench.AlertLatencyBenchmark;
import org.mentorpulse.config.Settings;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.stack.LocalStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "bench-alerts", description = "Measure alert latency with many matches live: risk row published -> "
        + "alert raised on its topic, and -> nudge mail accepted by the SMTP server (p50/p95/p99). Runs on a stack "
        + "of its own, removed afterwards.")
final class AlertBenchCommand implements Callable<Integer> {
    @ParentCommand MentorPulseCli parent;

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
        Path dir = Files.createTempDirectory("mentorpulse-bench-alerts");
        Settings settings = parent.settings().with("state.dir", dir.toString())
                .with("kafka.port", "0").with("kafka.controller-port", "0")
                .with("clickhouse.http-port", "0").with("clickhouse.tcp-port", "0")
                .with("mail.smtp-port", "0").with("mail.imap-port", "0");
        LocalStack stack = new LocalStack(settings, System.out);
        try {
            Endpoints endpoints = stack.up();
            AlertLatencyBenchmark.run(endpoints, settings, dir.resolve("bench"), matches, alerts, rounds, System.out);
        } finally {
            stack.down(true);
        }
        return 0;
    }
}
