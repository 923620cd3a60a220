package org.mentorpulse.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mentorpulse.ingestion.config.IngestionSettings;
import org.mentorpulse.config.Settings;
import org.mentorpulse.ingestion.bulk.BulkImporter;
import org.mentorpulse.ingestion.IngestionService;
import org.mentorpulse.ingestion.log.KafkaEventLog;
import org.mentorpulse.ingestion.metrics.IngestionMetrics;
import org.mentorpulse.ingestion.validation.FieldError;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.stack.LocalStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "import", description = "Append events from files to the log, through the same validation as the "
        + "HTTP API: NDJSON of structured CloudEvents, or CSV with one event type per file. Resumes an interrupted "
        + "import. Exit code 4 when any record was rejected (the summary lists them).")
final class ImportCommand implements Callable<Integer> {
    private static final int SHOWN = 20;

    @ParentCommand MentorPulseCli parent;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "*.ndjson / *.jsonl, or TYPE.csv")
    List<Path> files;

    @Option(names = "--type", description = "event type of the CSV files (default: from the file name, "
            + "e.g. message.sent.csv)")
    String type;

    @Option(names = "--batch", defaultValue = "500", description = "records per durable batch (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--restart", description = "ignore recorded progress and import from the first record")
    boolean restart;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        MentorPulseCli.Running running = parent.stackUp();
        Settings settings = running.settings();
        LocalStack stack = running.stack();
        Endpoints endpoints = running.endpoints();
        long rejected = 0;
        try (KafkaEventLog log = new KafkaEventLog(endpoints.kafkaBootstrap())) {
            IngestionService service = new IngestionService(log, Clock.systemUTC(), new IngestionMetrics(),
                    IngestionSettings.limits(settings));
            BulkImporter importer = new BulkImporter(service, stack.stateDir().resolve("imports"), batch, out);
            for (Path file : files) {
                BulkImporter.Summary s = importer.importFile(file, Optional.ofNullable(type), restart);
                out.printf("%s: %,d records (%,d already stored before), %,d accepted, %,d duplicates, %,d rejected%n",
                        s.file(), s.records(), s.skipped(), s.accepted(), s.duplicates(), s.rejected());
                s.rejectedRecords().stream().limit(SHOWN).forEach(r -> {
                    for (FieldError e : r.errors()) {
                        out.printf("  line %d: %s [%s] %s%n", r.line(), e.field(), e.code().label(), e.reason());
                    }
                });
                if (s.rejectedRecords().size() > SHOWN) {
                    out.printf("  ... and %,d more; every rejected record is in the dead-letter topic and in "
                            + "mentorpulse.rejected_events%n", s.rejected() - SHOWN);
                }
                rejected += s.rejected();
            }
        }
        out.println("The events are in the log; the pipeline (./mentorpulse run, or the demo) processes them.");
        return rejected == 0 ? 0 : 4;
    }
}
