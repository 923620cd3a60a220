package org.mentorpulse.stack.clickhouse;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.mentorpulse.stack.ChildProcesses;
import org.mentorpulse.stack.StackException;
import org.mentorpulse.stack.StackState.ClickHouseState;
import org.mentorpulse.warehouse.ClickHouseAccess;
import org.mentorpulse.warehouse.ClickHouseConnections;

/**
 * A real ClickHouse server on 127.0.0.1 for the local stack, hosted by chDB in a child process.
 *
 * <p>The preferred routes, in order: an explicit URL (production, ClickHouse Cloud), then the engine fetched
 * with npm. A {@code clickhouse} binary on PATH and Testcontainers are not wired yet (see README).
 */
public final class ClickHouseServer {
    public static final String COMPONENT = "clickhouse";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ClickHouseServer() {}

    public static ClickHouseState external(String jdbcUrl) {
        return new ClickHouseState(null, "external", jdbcUrl, httpUrlOf(jdbcUrl), null, null, null, null);
    }

    public static ClickHouseState startChdb(Path stateDir, ChdbDistribution chdb, int httpPort, int tcpPort,
            ClickHouseAccess access, Duration timeout, PrintStream progress) {
        Path library = chdb.ensure(progress);
        Path dir = stateDir.resolve("clickhouse");
        Path data = dir.resolve("data");
        Path log = dir.resolve("server.log");
        Path users = dir.resolve("users.xml");
        Path fifo = dir.resolve("control.fifo");
        try {
            Files.createDirectories(data);
            Files.writeString(users, usersXml(users, access));
            Files.deleteIfExists(fifo);
            Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
            if (mkfifo.waitFor() != 0) {
                throw new StackException("mkfifo " + fifo + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the ClickHouse directory " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted", e);
        }
        String query = "SYSTEM START LISTEN HTTP; SYSTEM START LISTEN TCP; "
                + "SELECT count() FROM file('" + fifo + "', 'LineAsString') SETTINGS storage_file_read_method='read'";
        String marker = ChildProcesses.marker(COMPONENT, stateDir);
        List<String> cmd = ChildProcesses.javaCommand(marker,
                List.of("-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                ChdbServerMain.class,
                List.of(library.toString(), "clickhouse", "--path=" + data, "--http_port=" + httpPort,
                        "--tcp_port=" + tcpPort, "--listen_host=127.0.0.1", "--config-file=" + users,
                        "--query=" + query));
        // libjsig lets ClickHouse install its signal handlers without taking SIGSEGV away from the JVM, which
        // uses it for safepoints and null checks.
        Path jsig = Path.of(System.getProperty("java.home"), "lib", "libjsig.so");
        Map<String, String> env = new java.util.HashMap<>();
        if (Files.exists(jsig)) {
            env.put("LD_PRELOAD", jsig.toString());
        }
        // chDB allocates with the host's malloc (glibc), not ClickHouse's jemalloc: by default glibc gives every
        // thread that allocates at once an arena of its own, up to 8 per core, and keeps what they free.
        env.put("MALLOC_ARENA_MAX", "2");
        Process process = ChildProcesses.startDetached(cmd, env, log);
        String httpUrl = "http://127.0.0.1:" + httpPort;
        ChildProcesses.awaitStartup("ClickHouse server", httpUrl, timeout, process::isAlive, () -> answers(httpUrl), log);
        return new ClickHouseState(process.pid(), "chdb", "jdbc:clickhouse:" + httpUrl, httpUrl, data.toString(),
                log.toString(), fifo.toString(), chdb.version());
    }

    /** Ends the server's blocking query through its control pipe, then falls back to signals. */
    public static void stop(ClickHouseState state, Path stateDir) {
        String marker = ChildProcesses.marker(COMPONENT, stateDir);
        if (!ChildProcesses.isRunning(state.pid(), marker)) {
            return;
        }
        if (state.controlFifo() != null && Files.exists(Path.of(state.controlFifo()))) {
            // Opening a FIFO for writing blocks until a reader is there; do it off-thread with a deadline.
            CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
                try (OutputStream out = Files.newOutputStream(Path.of(state.controlFifo()))) {
                    out.write("stop\n".getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try {
                write.get(5, TimeUnit.SECONDS);
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (ChildProcesses.isRunning(state.pid(), marker) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                write.cancel(true);
            }
        }
        ChildProcesses.stop(state.pid(), marker, Duration.ofSeconds(10));
        // its data directory is deleted next by 'down --purge': wait until the process is really gone
        ProcessHandle.of(state.pid()).ifPresent(p -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (p.isAlive() && System.nanoTime() < deadline) {
                ChildProcesses.sleep(100);
            }
        });
    }

    public static boolean answers(String httpUrl) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(httpUrl + "/ping"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** jdbc:clickhouse:http://host:port/db?x -> http://host:port, for health checks. */
    static String httpUrlOf(String jdbcUrl) {
        return ClickHouseConnections.httpUrlOf(jdbcUrl);
    }

    /**
     * The server's users file: {@code default} for the stack itself (migrations, tests, the command line), and the
     * writer, reader and researcher of {@link ClickHouseAccess}. SQL {@code CREATE USER} needs writable access
     * storage, which ClickHouse in chDB's local mode has not; users defined in a file, grants included, work once
     * the file names itself as the users directory.
     */
    static String usersXml(Path self, ClickHouseAccess access) {
        // The caches of marks and primary keys default to 5 GiB each, sized for a server of its own; a laptop's
        // stack keeps them small (the benchmark's programs need a few MB of each). No memory limit for the whole
        // server: its sorts, GROUP BYs and joins spill at half of what is left under it, and with one set low the
        // console's pages took twice as long.
        return """
                <clickhouse>
                  <!-- written by ./mentorpulse up: a loopback-only development server -->
                  <mark_cache_size>134217728</mark_cache_size>
                  <index_mark_cache_size>33554432</index_mark_cache_size>
                  <primary_index_cache_size>67108864</primary_index_cache_size>
                  <user_directories><users_xml><path>%s</path></users_xml></user_directories>
                  <users>
                    <default>
                      <password></password>
                      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
                      <profile>default</profile>
                      <quota>default</quota>
                      <access_management>1</access_management>
                    </default>
                %s  </users>
                  <profiles>
                    <default/>
                %s  </profiles>
                  <quotas><default/></quotas>
                </clickhouse>
                """.formatted(self.toAbsolutePath(), access.usersXml(), access.profilesXml());
    }
}
