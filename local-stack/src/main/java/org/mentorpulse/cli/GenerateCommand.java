package org.mentorpulse.cli;

import org.mentorpulse.analytics.config.AnalyticsSettings;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.mentorpulse.analytics.risk.RiskModel;
import org.mentorpulse.demo.EventPoster;
import org.mentorpulse.testkit.generator.GroundTruth;
import org.mentorpulse.testkit.generator.SyntheticProgram;
import org.mentorpulse.testkit.generator.SyntheticProgramGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "generate", description = "Generate a synthetic program (deterministic for a seed): NDJSON of "
        + "CloudEvents, or posted to an ingestion API, and the archetype ground truth in a separate CSV file.")
final class GenerateCommand implements Callable<Integer> {
    @ParentCommand MentorPulseCli parent;
    @Spec CommandSpec spec;

    @Option(names = "--seed", defaultValue = "42", description = "generator seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--matches", defaultValue = "40", description = "matches (default: ${DEFAULT-VALUE})")
    int matches;

    @Option(names = "--days", defaultValue = "90", description = "program length in days (default: ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--start", defaultValue = "2026-03-02", description = "first day (default: ${DEFAULT-VALUE})")
    LocalDate start;

    @Option(names = "--chat-per-week", defaultValue = "0", description = "extra chat messages a week between engaged "
            + "pairs (default: ${DEFAULT-VALUE})")
    int chatPerWeek;

    @Option(names = "--out", description = "NDJSON file to write (default: program-SEED.ndjson)")
    Path out;

    @Option(names = "--truth", description = "ground-truth CSV (default: next to the NDJSON, .truth.csv)")
    Path truth;

    @Option(names = "--post", paramLabel = "URL", description = "post to this ingestion API (e.g. "
            + "http://127.0.0.1:18080) instead of writing NDJSON")
    String post;

    @Option(names = "--key", description = "API key for --post (./mentorpulse run prints the local one)")
    String key;

    @Override
    public Integer call() throws Exception {
        PrintStream console = System.out;
        long t0 = System.nanoTime();
        SyntheticProgram program = new SyntheticProgramGenerator(
                ProgramFlags.program(spec, seed, matches, days, start, chatPerWeek)).generate();
        console.printf("Generated %s: %,d matches over %d days, %,d events in %.1f s%n", program.programId(),
                program.matches().size(), days, program.events().size(), (System.nanoTime() - t0) / 1e9);
        Path ndjson = out != null ? out : Path.of("program-" + seed + ".ndjson");
        Path truthFile = truth != null ? truth : ndjson.resolveSibling(
                ndjson.getFileName().toString().replaceFirst("\\.(nd)?json$", "") + ".truth.csv");
        if (post != null) {
            if (key == null) {
                console.println("--post needs --key");
                return 2;
            }
            EventPoster.Totals totals = new EventPoster(post, key).post(program.events(), 500,
                    sent -> console.printf("\r  posted %,d / %,d", sent, program.events().size()));
            console.printf("%nPosted: %,d accepted, %,d duplicates, %,d rejected%n", totals.accepted(),
                    totals.duplicates(), totals.rejected());
        } else {
            ObjectMapper json = new ObjectMapper();
            try (BufferedWriter w = Files.newBufferedWriter(ndjson)) {
                for (ObjectNode event : program.events()) {
                    w.write(json.writeValueAsString(event));
                    w.newLine();
                }
            }
            console.println("Events:       " + ndjson + " (./mentorpulse import " + ndjson + ")");
        }
        RiskModel risk = AnalyticsSettings.from(parent.settings()).riskModel();
        GroundTruth.write(program, risk::stallThresholdDays, truthFile);
        console.printf("Ground truth: %s (stalled on %s: %d of %d)%n", truthFile, program.evaluationDay(),
                program.plantedStalls(program.evaluationDay(), risk::stallThresholdDays).size(), program.matches().size());
        return 0;
    }
}
