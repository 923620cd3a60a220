package org.mentorpulse.stack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Starts the stack's servers as detached child processes and finds them again by process id.
 *
 * <p>Every child carries a marker argument naming its component and state directory. A process id alone is
 * not proof: after a reboot the same number can belong to something else, and {@code down} must never stop a
 * stranger's process.
 */
public final class ChildProcesses {
    private ChildProcesses() {}

    public static String marker(String component, Path stateDir) {
        return "-Dmentorpulse.component=" + component + "@" + stateDir.toAbsolutePath();
    }

    /** A JVM command line on this JVM's own class path, so children need no separate install. */
    public static List<String> javaCommand(String marker, List<String> jvmOptions, Class<?> mainClass,
            List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add(marker);
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(args);
        return cmd;
    }

    /**
     * Starts a process in its own session (so that Ctrl-C on the launcher does not take the servers down with
     * it), output appended to a log file. Right after the spawn the child's command line may still be the
     * spawner's, so callers watch the returned {@link Process} during start-up and use the marker later.
     */
    public static Process startDetached(List<String> command, Map<String, String> extraEnv, Path log) {
        List<String> full = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) {
            full.add("/usr/bin/setsid");
        }
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(extraEnv);
        try {
            Files.createDirectories(log.getParent());
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
    }

    /**
     * The JDK reports at most the first 4096 bytes of a command line (and no argument list at all when it is
     * longer, as with our class path), so the marker is placed right after the program name.
     */
    public static Optional<ProcessHandle> find(Long pid, String marker) {
        if (pid == null) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false));
    }

    public static boolean isRunning(Long pid, String marker) {
        return find(pid, marker).isPresent();
    }

    /**
     * Asks politely (SIGTERM), waits up to {@code grace}, then insists (SIGKILL) and waits until the process is gone.
     * Returns true if a process was running and is gone, false if none was running.
     */
    public static boolean stop(Long pid, String marker, Duration grace) {
        Optional<ProcessHandle> handle = find(pid, marker);
        if (handle.isEmpty()) {
            return false;
        }
        ProcessHandle p = handle.get();
        p.destroy();
        long deadline = System.nanoTime() + grace.toNanos();
        while (p.isAlive() && System.nanoTime() < deadline) {
            sleep(100);
        }
        if (p.isAlive()) {
            // a SIGKILL cannot be refused, so its end is waited for, not a while: after 10 s this used to answer
            // "stopped" with the process possibly still there, and a fault drill went on as if its broker were away
            p.destroyForcibly();
            p.onExit().join();
        }
        return true;
    }

    /** Stops processes this JVM started: SIGTERM to all at once, then each waited for, SIGKILL after the grace. */
    public static void stopAll(List<Process> processes, Duration grace) {
        processes.forEach(Process::destroy);
        for (Process p : processes) {
            try {
                if (!p.waitFor(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }

    /** The last lines of a log, to put in an error message when a child died during start-up. */
    public static String tail(Path log, int lines) {
        try {
            if (!Files.exists(log)) {
                return "(no log written)";
            }
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /**
     * Waits until a freshly started server answers its probe. Fails fast, with the end of its log, if the
     * process dies meanwhile; fails with the log's location if the deadline passes.
     */
    public static void awaitStartup(String what, String address, Duration timeout, BooleanSupplier alive,
            BooleanSupplier answers, Path log) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!alive.getAsBoolean()) {
                throw new StackException("the " + what + " exited during start-up; last lines of " + log + ":\n"
                        + tail(log, 30));
            }
            if (answers.getAsBoolean()) {
                return;
            }
            sleep(250);
        }
        throw new StackException("the " + what + " at " + address + " did not answer within " + timeout.toSeconds()
                + " s; see " + log);
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted", e);
        }
    }
}
