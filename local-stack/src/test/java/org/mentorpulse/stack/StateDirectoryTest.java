package org.mentorpulse.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mentorpulse.cli.MentorPulseCli;
import org.mentorpulse.config.Settings;

/**
 * Fault drill without services: a state directory that cannot be written, or a disk too full for the stack, is
 * refused before anything starts, in one sentence naming the path and the setting, and never as a stack trace.
 * (Root may write anywhere, so "cannot be written" is made with a path through a regular file, which no user can
 * create a directory in.)
 */
class StateDirectoryTest {
    @TempDir
    Path tmp;

    private LocalStack stack(Settings settings) {
        return new LocalStack(settings, new PrintStream(new ByteArrayOutputStream()));
    }

    @Test
    void aStateDirectoryThatCannotBeCreatedIsNamedWithTheReason() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
        Path stateDir = file.resolve("state");

        assertThatThrownBy(() -> stack(StackSettings.fromEnvironment(null).with("state.dir", stateDir.toString())).up())
                .isInstanceOf(StackException.class)
                .hasMessageContaining("the state directory " + stateDir + " cannot be written")
                .hasMessageContaining(file.toString())
                .hasMessageContaining("state.dir");
    }

    @Test
    void aDiskWithoutRoomForTheStackIsRefusedBeforeAnythingStarts() {
        Path stateDir = tmp.resolve("state");

        assertThatThrownBy(() -> stack(StackSettings.fromEnvironment(null).with("state.dir", stateDir.toString())
                .with("state.min-free-mb", Long.toString(Long.MAX_VALUE / (2L << 20)))).up())
                .isInstanceOf(StackException.class)
                .hasMessageMatching("the state directory " + stateDir.toString().replace(".", "\\.")
                        + " has \\d+ MB free; the stack needs at least \\d+ MB there \\(state.min-free-mb\\).*");
        assertThat(stateDir.resolve("stack.json")).as("nothing was started or recorded").doesNotExist();
    }

    @Test
    void theCommandLineSaysItInOneLineWithoutAStackTrace() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
        ProcessBuilder cli = new ProcessBuilder(ChildProcesses.javaCommand("-Dmentorpulse.component=state-dir-test",
                List.of("-Xmx256m"), MentorPulseCli.class, List.of("up")));
        cli.environment().put(Settings.environmentName("state.dir"), file.resolve("state").toString());
        Process process = cli.redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(output).contains("mentorpulse: the state directory " + file.resolve("state") + " cannot be written")
                .doesNotContain("\tat ").doesNotContain("Exception");
    }
}
