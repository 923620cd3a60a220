package org.mentorpulse.stack.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.AppInfoParser;
import org.mentorpulse.schema.Topics;
import org.mentorpulse.stack.ChildProcesses;
import org.mentorpulse.stack.StackException;
import org.mentorpulse.stack.StackState.KafkaState;

/**
 * Runs KRaft Kafka brokers (broker and controller in one process each) bound to 127.0.0.1: the local stack's single
 * node, or a cluster of several on loopback for the scale-out benchmark.
 */
public final class KafkaBroker {
    public static final String COMPONENT = "kafka";

    private KafkaBroker() {}

    public static String version() {
        return AppInfoParser.getVersion();
    }

    /** Starts the broker as a child JVM and waits until it answers; the data under dir survives restarts. */
    public static KafkaState start(Path stateDir, int port, int controllerPort, int partitions, Duration timeout) {
        Path dir = stateDir.resolve("kafka");
        Path dataDir = dir.resolve("data");
        Path log = dir.resolve("broker.log");
        Path config = dir.resolve("server.properties");
        try {
            Files.createDirectories(dataDir);
            writeServerProperties(config, dataDir, 1, port, controllerPort, "1@127.0.0.1:" + controllerPort,
                    partitions, 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Kafka directory " + dir, e);
        }
        Process process = launch(ChildProcesses.marker(COMPONENT, stateDir), dir, config, Uuid.randomUuid().toString(),
                log);
        String bootstrap = "127.0.0.1:" + port;
        awaitReady(bootstrap, timeout, process::isAlive, log);
        return new KafkaState(process.pid(), bootstrap, dataDir.toString(), log.toString(), version());
    }

    /** Brokers started together, and how to reach them. */
    public record Cluster(String bootstrap, List<Process> processes) implements AutoCloseable {
        /** Stops every broker and waits for it. */
        @Override
        public void close() {
            ChildProcesses.stopAll(processes, Duration.ofSeconds(30));
        }
    }

    /**
     * Starts {@code nodes} brokers under {@code dir} (each its own data, a controller of one quorum, on free
     * loopback ports), internal topics replicated on all of them, and waits until every one answers. Stop them with
     * {@link Cluster#close()}.
     */
    public static Cluster startCluster(Path dir, int nodes, int partitions, Duration timeout) {
        int[] ports = new int[nodes];
        int[] controllerPorts = new int[nodes];
        StringBuilder voters = new StringBuilder();
        for (int i = 0; i < nodes; i++) {
            ports[i] = org.mentorpulse.stack.FreePorts.pick();
            controllerPorts[i] = org.mentorpulse.stack.FreePorts.pick();
            voters.append(i == 0 ? "" : ",").append(i + 1).append("@127.0.0.1:").append(controllerPorts[i]);
        }
        String clusterId = Uuid.randomUuid().toString();
        List<Process> processes = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        try {
            for (int i = 0; i < nodes; i++) {
                Path node = dir.resolve("node-" + (i + 1));
                Path config = node.resolve("server.properties");
                Files.createDirectories(node.resolve("data"));
                writeServerProperties(config, node.resolve("data"), i + 1, ports[i], controllerPorts[i],
                        voters.toString(), partitions, nodes);
                processes.add(launch(ChildProcesses.marker(COMPONENT + "-" + (i + 1), dir), node, config, clusterId,
                        node.resolve("broker.log")));
                addresses.add("127.0.0.1:" + ports[i]);
            }
            // a quorum needs a majority up before any of them answers: wait for each once all are started
            for (int i = 0; i < nodes; i++) {
                Process p = processes.get(i);
                awaitReady(addresses.get(i), timeout, p::isAlive, dir.resolve("node-" + (i + 1)).resolve("broker.log"));
            }
        } catch (IOException e) {
            ChildProcesses.stopAll(processes, Duration.ofSeconds(30));
            throw new UncheckedIOException("cannot prepare the Kafka cluster's directory " + dir, e);
        } catch (RuntimeException e) {
            ChildProcesses.stopAll(processes, Duration.ofSeconds(30));
            throw e;
        }
        return new Cluster(String.join(",", addresses), processes);
    }

    private static Process launch(String marker, Path dir, Path config, String clusterId, Path log) {
        List<String> cmd = ChildProcesses.javaCommand(marker,
                List.of("-Xms256m", "-Xmx768m", "-XX:+UseG1GC", "-Djava.awt.headless=true",
                        "-Dlogback.configurationFile=" + logbackConfig(dir)),
                KafkaBrokerMain.class, List.of(config.toString(), clusterId));
        return ChildProcesses.startDetached(cmd, Map.of(), log);
    }

    /**
     * @param voters the controller quorum, {@code id@host:port,...}
     * @param internalReplicas replicas of the offsets and transaction topics: every broker there is
     */
    private static void writeServerProperties(Path file, Path dataDir, int nodeId, int port, int controllerPort,
            String voters, int partitions, int internalReplicas) throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(nodeId));
        p.setProperty("controller.quorum.voters", voters);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dataDir.toString());
        p.setProperty("num.partitions", Integer.toString(partitions));
        // Internal topics need as many replicas as there are brokers at most (one broker: a single replica), or
        // transactions and groups never start.
        String replicas = Integer.toString(internalReplicas);
        String minIsr = Integer.toString(Math.max(1, internalReplicas - 1));
        p.setProperty("offsets.topic.replication.factor", replicas);
        p.setProperty("transaction.state.log.replication.factor", replicas);
        p.setProperty("transaction.state.log.min.isr", minIsr);
        p.setProperty("share.coordinator.state.topic.replication.factor", replicas);
        p.setProperty("share.coordinator.state.topic.min.isr", minIsr);
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // The event log is the source of truth: keep it until someone decides otherwise.
        p.setProperty("log.retention.hours", "-1");
        p.setProperty("auto.create.topics.enable", "false");
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, "written by ./mentorpulse up; edits are overwritten at the next start");
        }
    }

    private static Path logbackConfig(Path dir) throws UncheckedIOException {
        Path file = dir.resolve("logback-broker.xml");
        String xml = """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{ISO8601} %-5level %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="OUT"/></root>
                  <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
                  <logger name="kafka.server.BrokerServer" level="INFO"/>
                </configuration>
                """;
        try {
            Files.writeString(file, xml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Waits until the broker describes the cluster to an admin client, the deadline passes or it dies. */
    public static void awaitReady(String bootstrap, Duration timeout, BooleanSupplier alive, Path log) {
        ChildProcesses.awaitStartup("Kafka broker", bootstrap, timeout, alive, () -> answers(bootstrap), log);
    }

    public static boolean answers(String bootstrap) {
        try (Admin admin = admin(bootstrap)) {
            admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Creates the MentorPulse topics that do not exist yet; existing ones are left as they are. */
    public static List<String> createTopics(String bootstrap, int partitions) {
        List<NewTopic> wanted = List.of(
                new NewTopic(Topics.RAW, partitions, (short) 1),
                new NewTopic(Topics.EVENTS, partitions, (short) 1)
                        .configs(Map.of("retention.ms", "-1")),
                new NewTopic(Topics.DEAD_LETTERS, 1, (short) 1).configs(Map.of("retention.ms", "-1")),
                new NewTopic(Topics.PENDING_IDENTITY, 1, (short) 1).configs(Map.of("retention.ms", "-1")),
                // the latest risk per match is what the alerting app needs to rebuild its view
                new NewTopic(Topics.RISK, partitions, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                new NewTopic(Topics.ALERTS, partitions, (short) 1).configs(Map.of("retention.ms", "-1")),
                // one contact per participant; an erasure's tombstone removes it for good
                new NewTopic(Topics.DIRECTORY, partitions, (short) 1).configs(Map.of("cleanup.policy", "compact",
                        "delete.retention.ms", "3600000")),
                new NewTopic(Topics.NOTIFICATIONS, partitions, (short) 1).configs(Map.of("retention.ms", "-1")),
                new NewTopic(Topics.DELIVERIES, partitions, (short) 1).configs(Map.of("retention.ms", "-1")),
                // every partition gets each erasure; a week is ample for the alerting app to act on it
                new NewTopic(Topics.ERASURES, partitions, (short) 1).configs(Map.of("retention.ms", "604800000")));
        List<String> created = new ArrayList<>();
        try (Admin admin = admin(bootstrap)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            for (NewTopic topic : wanted) {
                if (existing.contains(topic.name())) {
                    continue;
                }
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                    created.add(topic.name());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (Exception e) {
            throw new StackException("cannot create the Kafka topics on " + bootstrap + ": " + e.getMessage(), e);
        }
        return created;
    }

    private static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        p.setProperty(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        return Admin.create(p);
    }
}
