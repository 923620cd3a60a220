package org.mentorpulse.cli;

import java.util.concurrent.Callable;
import org.mentorpulse.bench.IngestionBenchmark;
import org.mentorpulse.stack.Endpoints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "bench-ingestion", description = "Measure batched HTTP ingestion against a raw Kafka producer "
        + "on the same records (starts the stack if needed; writes to throw-away topics).")
final class BenchCommand implements Callable<Integer> {
    @ParentCommand MentorPulseCli parent;
    @Spec CommandSpec spec;

    @Option(names = "--events", defaultValue = "100000", description = "events per side and round (default: ${DEFAULT-VALUE})")
    int events;

    @Option(names = "--batch", defaultValue = "500", description = "events per request (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--clients", defaultValue = "8", description = "concurrent HTTP clients (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--warm-up", defaultValue = "" + IngestionBenchmark.WARM_UP_ROUNDS, description = "rounds of each "
            + "side before measuring, not counted (default: ${DEFAULT-VALUE})")
    int warmUpRounds;

    @Option(names = "--rounds", defaultValue = "5", description = "measured rounds; medians are reported (default: ${DEFAULT-VALUE})")
    int rounds;

    @Override
    public Integer call() throws Exception {
        ProgramFlags.atLeast(spec, "--events", events, 1);
        ProgramFlags.atLeast(spec, "--batch", batch, 1);
        ProgramFlags.atLeast(spec, "--clients", clients, 1);
        ProgramFlags.atLeast(spec, "--warm-up", warmUpRounds, 0);
        ProgramFlags.atLeast(spec, "--rounds", rounds, 1);
        Endpoints endpoints = parent.stackUp().endpoints();
        IngestionBenchmark.run(endpoints.kafkaBootstrap(), events, batch, clients, warmUpRounds, rounds,
                System.out);
        return 0;
    }
}
