package org.mentorpulse.cli;

import java.util.concurrent.Callable;
import org.mentorpulse.bench.IngestionBenchmark;
import org.mentorpulse.stack.Endpoints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "bench-ingestion", description = "Measure batched HTTP ingestion against a raw Kafka producer "
        + "on the same records (starts the stack if needed; writes to throw-away topics).")
final class BenchCommand implements Callable<Integer> {
    @ParentCommand MentorPulseCli parent;

    @Option(names = "--events", defaultValue = "100000", description = "events per side and round (default: ${DEFAULT-VALUE})")
    int events;

    @Option(names = "--batch", defaultValue = "500", description = "events per request (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--clients", defaultValue = "8", description = "concurrent HTTP clients (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--rounds", defaultValue = "5", description = "measured rounds; medians are reported (default: ${DEFAULT-VALUE})")
    int rounds;

    @Override
    public Integer call() throws Exception {
        Endpoints endpoints = parent.stackUp().endpoints();
        IngestionBenchmark.run(endpoints.kafkaBootstrap(), events, batch, clients, rounds, System.out);
        return 0;
    }
}
