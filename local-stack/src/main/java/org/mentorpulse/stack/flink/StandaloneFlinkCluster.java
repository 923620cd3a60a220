package org.mentorpulse.stack.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.mentorpulse.stack.ChildProcesses;
import org.mentorpulse.stack.FreePorts;
import org.mentorpulse.stack.StackException;

/**
 * A standalone Flink session cluster on loopback: a JobManager ({@code StandaloneSessionClusterEntrypoint}) and
 * TaskManagers ({@code TaskManagerRunner}), each a process of its own, started from Flink's jars on Maven Central
 * (flink-dist is not there) as Flink's start scripts would. Their class path holds Flink and its libraries only:
 * our code, the Kafka connector and the ClickHouse driver come with the job jar, as on a real cluster.
 */
public final class StandaloneFlinkCluster implements AutoCloseable {
    /** What Flink's start scripts pass to every JVM (env.java.opts.all in its default config). */
    private static final List<String> OPENS = Arrays.stream(new String[] {"java.lang", "java.net", "java.io",
        "java.nio", "sun.nio.ch", "java.lang.reflect", "java.text", "java.time", "java.util",
        "java.util.concurrent", "java.util.concurrent.atomic", "java.util.concurrent.locks"})
            .map(p -> "--add-opens=java.base/" + p + "=ALL-UNNAMED").toList();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final int restPort;
    private final List<Process> processes = new ArrayList<>();

    private StandaloneFlinkCluster(Path dir, int restPort) {
        this.dir = dir;
        this.restPort = restPort;
    }

    /**
     * Starts a JobManager and {@code taskManagers} TaskManagers of {@code slots} slots each under {@code dir},
     * and waits until all their slots are registered.
     *
     * @param analyticsJobsTarget the analytics-jobs module's {@code target} directory, where its build wrote
     *     {@code flink-cluster-classpath.txt} (Flink's jars as resolved for the job) and the job jar
     * @param taskHeapMb each TaskManager's task heap, in MiB (its JVM heap is that plus the framework's 128)
     */
    public static StandaloneFlinkCluster start(Path dir, Path analyticsJobsTarget, int taskManagers, int slots,
            int taskHeapMb, Duration timeout) {
        StandaloneFlinkCluster cluster = new StandaloneFlinkCluster(dir.toAbsolutePath(), FreePorts.pick());
        try {
            Files.createDirectories(cluster.dir.resolve("conf"));
            String config;
            try (InputStream in = StandaloneFlinkCluster.class.getResourceAsStream("/flink-cluster/config.yaml")) {
                config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Files.writeString(cluster.dir.resolve("conf/config.yaml"), config
                    .replace("${RPC_PORT}", Integer.toString(FreePorts.pick()))
                    .replace("${REST_PORT}", Integer.toString(cluster.restPort))
                    .replace("${SLOTS}", Integer.toString(slots))
                    .replace("${TASK_HEAP}", taskHeapMb + "m"));
            Files.writeString(cluster.dir.resolve("conf/logback.xml"), """
                    <configuration>
                      <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
                      </appender>
                      <root level="WARN"><appender-ref ref="OUT"/></root>
                    </configuration>
                    """);
            String classpath = classpath(analyticsJobsTarget);
            // the heaps Flink's start scripts would compute from config.yaml (framework 128m plus the task heap)
            cluster.launch("jobmanager", 512, classpath,
                    "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint");
            for (int i = 1; i <= taskManagers; i++) {
                cluster.launch("taskmanager-" + i, 128 + taskHeapMb, classpath,
                        "org.apache.flink.runtime.taskexecutor.TaskManagerRunner");
            }
            cluster.awaitSlots(taskManagers * slots, timeout);
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw new StackException("cannot start a standalone Flink cluster in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The REST endpoint's base address, e.g. {@code http://127.0.0.1:8081}. */
    public String rest() {
        return "http://127.0.0.1:" + restPort;
    }

    public int restPort() {
        return restPort;
    }

    /** The job jar the analytics-jobs build shaded: our code and its connectors, not Flink. */
    public static Path jobJar(Path analyticsJobsTarget) {
        try (var files = Files.list(analyticsJobsTarget)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-job.jar")).findFirst()
                    .orElseThrow(() -> new StackException("no job jar (*-job.jar) in " + analyticsJobsTarget
                            + ": build the analytics-jobs module first (./mvnw -pl analytics-jobs package)"));
        } catch (IOException e) {
            throw new StackException("cannot list " + analyticsJobsTarget + ": " + e.getMessage(), e);
        }
    }

    /** Flink's jars as resolved for analytics-jobs, plus a logging backend; nothing of ours. */
    private static String classpath(Path analyticsJobsTarget) throws IOException {
        Path file = analyticsJobsTarget.resolve("flink-cluster-classpath.txt");
        if (!Files.exists(file)) {
            throw new StackException(file + " is missing: build the analytics-jobs module first");
        }
        String flink = Files.readString(file).strip();
        String logging = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> e.contains("logback-classic") || e.contains("logback-core"))
                .collect(Collectors.joining(File.pathSeparator));
        if (flink.contains("mentorpulse") || flink.contains("flink-connector-kafka") || flink.contains("clickhouse")) {
            throw new StackException("the cluster's class path must hold Flink only, not the job's code: " + file);
        }
        return flink + File.pathSeparator + logging;
    }

    private void launch(String name, int heapMb, String classpath, String mainClass) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), ChildProcesses.marker("flink-" + name, dir), "-Xmx" + heapMb + "m",
                "-XX:MaxDirectMemorySize=256m",
                "-Dlogback.configurationFile=" + dir.resolve("conf/logback.xml")));
        command.addAll(OPENS);
        command.addAll(List.of("-cp", classpath, mainClass, "--configDir", dir.resolve("conf").toString()));
        processes.add(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile()).start());
    }

    /** Waits until the JobManager's REST endpoint reports {@code slots} slots, or a process exits, or time runs out. */
    private void awaitSlots(int slots, Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        ChildProcesses.awaitStartup("Flink cluster (" + slots + " slots)", rest(), timeout,
                () -> processes.stream().allMatch(Process::isAlive), () -> {
                    try {
                        JsonNode overview = JSON.readTree(http.send(HttpRequest.newBuilder(
                                URI.create(rest() + "/overview")).build(), HttpResponse.BodyHandlers.ofString()).body());
                        return overview.path("slots-total").asInt() >= slots;
                    } catch (IOException notYet) {
                        return false; // the REST endpoint is not up yet
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new StackException("interrupted while the Flink cluster started", e);
                    }
                }, dir.resolve("jobmanager.log"));
    }

    /** Stops every process of the cluster and waits for it. */
    @Override
    public void close() {
        ChildProcesses.stopAll(processes, Duration.ofSeconds(20));
    }
}
