package org.mentorpulse.stack.clickhouse;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.mentorpulse.stack.Directories;
import org.mentorpulse.stack.StackException;

/**
 * The chDB engine (ClickHouse as a shared library, ~180 MB packed, ~570 MB unpacked) from the npm registry,
 * cached outside the repository under {@code cache.dir/chdb/VERSION/}. Fetched once, with progress, by the
 * npm client itself: the registry is reached only through its ordinary client.
 */
public final class ChdbDistribution {
    static final String PACKAGE = "@chdb/lib-linux-x64-gnu";

    private final Path cacheDir;
    private final String version;

    public ChdbDistribution(Path cacheDir, String version) {
        this.cacheDir = cacheDir.resolve("chdb").resolve(version);
        this.version = version;
    }

    public String version() {
        return version;
    }

    public Path library() {
        return cacheDir.resolve("package").resolve("libchdb.so");
    }

    /** Returns the library, fetching and unpacking it first if the cache does not have it. */
    public Path ensure(PrintStream progress) {
        Path lib = library();
        if (Files.isRegularFile(lib)) {
            return lib;
        }
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")
                || !System.getProperty("os.arch", "").matches("amd64|x86_64")) {
            throw new StackException("the bundled ClickHouse route (chDB) needs Linux on x86-64; set clickhouse.url "
                    + "(MENTORPULSE_CLICKHOUSE_URL) to a ClickHouse server instead");
        }
        String npm = findOnPath("npm");
        if (npm == null) {
            throw new StackException("no ClickHouse server is configured and npm is missing to fetch one: install "
                    + "npm (apt-get install npm) or set clickhouse.url (MENTORPULSE_CLICKHOUSE_URL)");
        }
        try {
            Files.createDirectories(cacheDir);
            Path tgzDir = Files.createTempDirectory(cacheDir, "fetch-");
            progress.printf("Fetching ClickHouse %s (chDB, about 180 MB) into %s%n", version, cacheDir);
            run(List.of(npm, "pack", "--silent", PACKAGE + "@" + version), tgzDir, progress, "downloading",
                    Duration.ofMinutes(20));
            Path tgz;
            try (Stream<Path> files = Files.list(tgzDir)) {
                tgz = files.filter(p -> p.toString().endsWith(".tgz")).findFirst()
                        .orElseThrow(() -> new StackException("npm pack produced no archive in " + tgzDir));
            }
            run(List.of("tar", "-xzf", tgz.toString(), "-C", tgzDir.toString()), tgzDir, progress, "unpacking",
                    Duration.ofMinutes(10));
            Path unpacked = tgzDir.resolve("package");
            if (!Files.isRegularFile(unpacked.resolve("libchdb.so"))) {
                throw new StackException("the chDB package has no libchdb.so; was " + PACKAGE + "@" + version
                        + " published for this platform?");
            }
            // Moving the whole directory into place last means a half-finished fetch is never mistaken for a
            // complete one.
            try {
                Files.move(unpacked, cacheDir.resolve("package"));
            } catch (FileAlreadyExistsException e) {
                // another process (a second test run, ./mentorpulse up in another shell) fetched the same version
                // meanwhile and moved its complete copy in first: that one serves
                if (!Files.isRegularFile(lib)) {
                    throw e;
                }
                progress.printf("ClickHouse %s was fetched meanwhile by another process; using that copy%n", version);
            }
            Directories.deleteTree(tgzDir);
            progress.printf("ClickHouse %s is cached at %s%n", version, lib);
            return lib;
        } catch (IOException e) {
            throw new StackException("cannot fetch ClickHouse (chDB) into " + cacheDir + ": " + e, e);
        }
    }

    private static void run(List<String> cmd, Path dir, PrintStream progress, String what, Duration timeout)
            throws IOException {
        Path log = dir.resolve(what + ".log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        long start = System.nanoTime();
        try {
            while (!p.waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) {
                long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
                progress.printf("  %s ... %d s, %d MB so far%n", what, seconds, sizeOf(dir) / (1024 * 1024));
                if (seconds > timeout.toSeconds()) {
                    p.destroyForcibly();
                    throw new StackException(what + " ClickHouse took longer than " + timeout.toMinutes()
                            + " minutes; see " + log);
                }
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while " + what + " ClickHouse", e);
        }
        if (p.exitValue() != 0) {
            throw new StackException(what + " ClickHouse failed (" + String.join(" ", cmd) + " exited "
                    + p.exitValue() + "): " + Files.readString(log).strip());
        }
    }

    private static long sizeOf(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static String findOnPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
