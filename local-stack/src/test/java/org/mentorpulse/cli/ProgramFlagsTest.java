package org.mentorpulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Flags a program or a benchmark cannot be made of are usage errors naming the flag, before anything starts. */
class ProgramFlagsTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return new CommandLine(new MentorPulseCli()).setErr(new PrintWriter(err, true)).execute(args);
    }

    @Test
    void aProgramTooShortIsAUsageErrorNamingTheFlagAndWritesNothing() {
        Path out = dir.resolve("program.ndjson");

        assertThat(run("generate", "--days", "10", "--out", out.toString())).isEqualTo(2);

        assertThat(err.toString()).startsWith("--days must be at least 30, not 10").doesNotContain("Exception");
        assertThat(Files.exists(out)).isFalse();
    }

    @Test
    void aBenchmarkWithoutRoundsIsRefusedBeforeTheStackStarts() {
        assertThat(run("bench-analytics", "--rounds", "0")).isEqualTo(2);

        assertThat(err.toString()).startsWith("--rounds must be at least 1, not 0");
    }

    @Test
    void anIngestionBenchmarkOfNothingIsRefusedBeforeTheStackStarts() {
        assertThat(run("bench-ingestion", "--warm-up", "-1")).isEqualTo(2);
        assertThat(err.toString()).startsWith("--warm-up must be at least 0, not -1");
        assertThat(run("bench-ingestion", "--batch", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--batch must be at least 1, not 0");
    }

    @Test
    void negativeMatchesAreRefusedByEveryCommandThatGeneratesAProgram() {
        for (String command : new String[] {"generate", "demo", "bench-analytics", "bench-scale-out", "bench-alerts",
                "bench-console"}) {
            StringWriter own = new StringWriter();
            int code = new CommandLine(new MentorPulseCli()).setErr(new PrintWriter(own, true))
                    .execute(command, "--matches", "-5");
            assertThat(code).as(command).isEqualTo(2);
            assertThat(own.toString()).as(command).startsWith("--matches must be at least 1, not -5");
        }
    }
}
