package org.mentorpulse.cli;

import java.time.LocalDate;
import org.mentorpulse.testkit.generator.SyntheticProgramGenerator;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The flags that describe a generated program ({@code --matches}, {@code --days}, {@code --chat-per-week}),
 * checked before a command starts anything: a value the generator refuses is a usage error that names the flag,
 * not a stack trace after the stack came up.
 */
final class ProgramFlags {
    private ProgramFlags() {}

    static SyntheticProgramGenerator.Options program(CommandSpec spec, long seed, int matches, int days,
            LocalDate start, int chatPerWeek) {
        check(spec, matches, days, chatPerWeek);
        return new SyntheticProgramGenerator.Options(seed, matches, days, start, chatPerWeek);
    }

    /** For a command that generates its program later, with a seed and a start of its own. */
    static void check(CommandSpec spec, int matches, int days, int chatPerWeek) {
        atLeast(spec, "--matches", matches, SyntheticProgramGenerator.Options.MIN_MATCHES);
        atLeast(spec, "--days", days, SyntheticProgramGenerator.Options.MIN_DAYS);
        atLeast(spec, "--chat-per-week", chatPerWeek, 0);
    }

    static void atLeast(CommandSpec spec, String flag, int value, int least) {
        if (value < least) {
            throw new ParameterException(spec.commandLine(), flag + " must be at least " + least + ", not " + value);
        }
    }
}
