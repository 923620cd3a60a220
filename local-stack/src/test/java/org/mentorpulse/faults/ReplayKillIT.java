package org.mentorpulse.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mentorpulse.analytics.config.AnalyticsSettings;
import org.mentorpulse.analytics.job.EngagementRiskJob;
import org.mentorpulse.cli.MentorPulseCli;
import org.mentorpulse.config.Settings;
import org.mentorpulse.pipeline.LocalBackfill;
import org.mentorpulse.pipeline.LocalFlink;
import org.mentorpulse.stack.ChildProcesses;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.stack.LocalStack;
import org.mentorpulse.testing.OwnStack;
import org.mentorpulse.testing.ProgramTopics;
import org.mentorpulse.testing.SameRows;
import org.mentorpulse.testing.Waiting;
import org.mentorpulse.testkit.generator.SyntheticProgramGenerator;
import org.mentorpulse.warehouse.SchemaMigrator;

/**
 * Fault drill: the replay's process killed with SIGKILL five times and started again each time. Each start resumes
 * from the newest completed checkpoint (its Kafka positions, its bounds and the job's state) and writes again what
 * came after it. The tables it leaves must equal those of a replay that was never interrupted, row for row and
 * column for column (versions aside): no row lost, none counted twice, no state from a dead attempt leaking in.
 *
 * <p>After the first kill, another program is appended to the log: the resumed replay must keep the bounds its
 * first start read (the end offsets are in its checkpoint, the log's end is kept beside it), as an uninterrupted
 * replay started at that moment would have.
 *
 * <p>The kills are spread over the replay by its progress, not by time: kill k is due once a checkpoint exists to
 * resume from and the events written reach k sevenths of the program, and comes after a random delay. Where exactly
 * each falls depends on the machine; what is asserted does not. An attempt killed before it completed a checkpoint
 * of its own leaves the next to resume from an older one, as a real crash would; each kill needs more of the
 * program written than the one before, so every attempt moves the replay on, and the fifth falls at five sevenths
 * plus what an attempt reads in the delay and until the count shows its progress (a second or so here, of a replay
 * that reads for fifteen): the last attempt is left the end of the program. Should an attempt finish the replay all
 * the same (it removes its checkpoints as it ends), it is not started again, which would replay the grown log from
 * scratch, and the drill says it was killed fewer than five times.
 */
@Tag("fault")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class ReplayKillIT {
    private static final String REFERENCE = "mentorpulse_kill_reference";
    private static final String KILLED = "mentorpulse_kill_drill";
    private static final int KILLS = 5;
    private static final LocalDate PROGRAM_START = LocalDate.of(2026, 3, 2);
    private static final int PROGRAM_DAYS = 90;

    /** A stack of its own: the drill's child processes and kills must not touch the shared one. */
    @RegisterExtension
    static final OwnStack OWN = new OwnStack("kill-stack");

    @Test
    void killedFiveTimesTheReplayResumesAndWritesExactlyWhatAnUninterruptedReplayWrites() throws Exception {
        LocalStack stack = OWN.stack();
        Settings settings = OWN.settings();
        Endpoints endpoints = stack.up();
        String topic = "mentorpulse.drill.events";
        int events = ProgramTopics.write(endpoints, topic,
                new SyntheticProgramGenerator.Options(77, 12_000, PROGRAM_DAYS, PROGRAM_START, 2));

        LocalBackfill.run(endpoints, stack.stateDir(), EngagementRiskJob.Options.from(AnalyticsSettings.from(settings)),
                topic, REFERENCE, 2, System.out);

        Path checkpoints = stack.stateDir().resolve("flink-checkpoints-replay").resolve(KILLED + "--" + topic);
        Path log = stack.stateDir().resolve("kill-drill.log");
        Random random = new Random(20261130);
        int kills = 0;
        Process replay = null;
        try {
        while (true) {
            replay = startReplay(stack, topic, log);
            if (kills == KILLS) {
                // as long as it takes while it makes progress: rows written, checkpoints completed
                Process last = replay;
                Waiting.until("the last attempt to finish the replay", () -> last.isAlive()
                        ? progress(endpoints) + ", " + LocalFlink.latestCompletedCheckpoint(checkpoints) : "finished",
                        "finished"::equals);
                assertThat(replay.exitValue()).as("the replay's exit status; its output is in " + log).isZero();
                break;
            }
            // the next kill is due once there is a checkpoint to resume from and the events written reach its share
            // of the program; it comes at a random point after that
            long share = (long) events * (kills + 1) / (KILLS + 2);
            boolean due = false;
            while (replay.isAlive() && !due) {
                due = LocalFlink.latestCompletedCheckpoint(checkpoints) != null && eventsWritten(endpoints) >= share;
                if (!due) {
                    replay.waitFor(100, TimeUnit.MILLISECONDS);
                }
            }
            if (!replay.isAlive()) {
                break; // it ended before the kill was due: the count of kills below says so
            }
            replay.waitFor(random.nextInt(400), TimeUnit.MILLISECONDS);
            replay.destroyForcibly(); // SIGKILL: no flush, no checkpoint, no goodbye
            assertThat(replay.waitFor(30, TimeUnit.SECONDS)).isTrue();
            if (LocalFlink.latestCompletedCheckpoint(checkpoints) == null) {
                // it had finished the replay and was removing its checkpoints when the kill landed (there was one
                // when the kill was due): see the class comment
                break;
            }
            kills++;
            System.out.printf("kill %d: after %s, %,d of %,d events written%n", kills,
                    LocalFlink.latestCompletedCheckpoint(checkpoints), eventsWritten(endpoints), events);
            if (kills == 1) {
                // the log grows while the replay is down: a resumed replay keeps the bounds of its first start
                ProgramTopics.append(endpoints, topic, new SyntheticProgramGenerator.Options(79, 200, PROGRAM_DAYS,
                        PROGRAM_START.plusDays(30), 0));
            }
        }
        } finally {
            if (replay != null && replay.isAlive()) {
                replay.destroyForcibly();
            }
        }
        assertThat(kills).as("kills before the replay finished (%,d events)", events).isEqualTo(KILLS);
        assertThat(Files.readString(log)).as("every attempt after the first resumed from a checkpoint")
                .containsPattern("(?s)(Resuming the unfinished replay.*){" + KILLS + "}");
        assertThat(checkpoints).as("a finished replay removes its checkpoints").doesNotExist();

        try (Connection c = endpoints.openClickHouse()) {
            for (String table : List.of("events", "match_daily", "late_events")) {
                SameRows.assertSameRows(c, REFERENCE, KILLED, table);
            }
            SameRows.assertSameRows(c, SchemaMigrator.researchDatabase(REFERENCE), SchemaMigrator.researchDatabase(KILLED),
                    "match_outcomes");
        }
    }

    /** Rows the replay has written so far, duplicates included: anything it writes changes the figures. */
    private static String progress(Endpoints endpoints) throws Exception {
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT (SELECT count() FROM " + KILLED + ".events), (SELECT count() "
                        + "FROM " + KILLED + ".match_daily)")) {
            rs.next();
            return rs.getLong(1) + " event rows, " + rs.getLong(2) + " day rows";
        }
    }

    /** How far the replay has got: the distinct events in its table (what the margin of the drill is). */
    private static long eventsWritten(Endpoints endpoints) throws Exception {
        try (Connection c = endpoints.openClickHouse(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT uniqExact(id) FROM " + KILLED + ".events")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Process startReplay(LocalStack stack, String topic, Path log) throws Exception {
        List<String> cmd = ChildProcesses.javaCommand("-Dmentorpulse.component=kill-drill", List.of("-Xmx1g"),
                MentorPulseCli.class, List.of("replay", "--into", KILLED, "--topic", topic,
                        "--checkpoint-every", "PT0.5S"));
        ProcessBuilder child = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // the child attaches to this test's stack: the same state directory, whose state file has the ports
        child.environment().put(Settings.environmentName("state.dir"), stack.stateDir().toString());
        child.environment().put("MENTORPULSE_KAFKA_LOG_LEVEL", "WARN");
        return child.start();
    }
}
