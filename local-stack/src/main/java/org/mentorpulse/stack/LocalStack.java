package org.mentorpulse.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.mentorpulse.config.Settings;
import org.mentorpulse.stack.StackState.ClickHouseState;
import org.mentorpulse.stack.StackState.MailState;
import org.mentorpulse.stack.mail.MailCatcher;
import org.mentorpulse.stack.StackState.KafkaState;
import org.mentorpulse.stack.clickhouse.ChdbDistribution;
import org.mentorpulse.stack.clickhouse.ClickHouseServer;
import org.mentorpulse.stack.clickhouse.ClickHouseUsers;
import org.mentorpulse.warehouse.ClickHouseAccess;
import org.mentorpulse.stack.kafka.KafkaBroker;
import org.mentorpulse.warehouse.SchemaMigrator;

/**
 * The local stack: a Kafka broker and a ClickHouse server as background processes, their topics and schema.
 * {@link #up} is idempotent: what already runs is reused, what is missing is started.
 */
public final class LocalStack {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Settings settings;
    private final Path stateDir;
    private final PrintStream out;
    private Settings withKey;

    public LocalStack(Settings settings, PrintStream out) {
        this.settings = settings;
        this.stateDir = settings.path("state.dir");
        this.out = out;
    }

    /** The stack's settings, with the research pseudonym key it uses ({@link PseudonymKey}). */
    public Settings settings() {
        if (withKey == null) {
            withKey = PseudonymKey.local(settings, stateDir);
        }
        return withKey;
    }

    public Path stateDir() {
        return stateDir;
    }

    public Endpoints up() {
        long started = System.nanoTime();
        try (StackLock ignored = lock()) {
            requireFreeSpace();
            StackState state = StackState.read(stateDir);
            // ClickHouse first: its prerequisites (npm, the engine download) are the likelier to be missing,
            // and failing before Kafka starts leaves nothing half-started behind.
            ClickHouseState clickhouse = ensureClickHouse(state.clickhouse());
            state = state.withClickHouse(clickhouse);
            state.write(stateDir);
            KafkaState kafka = ensureKafka(state.kafka());
            state = state.withKafka(kafka);
            state.write(stateDir);
            state = state.withMail(ensureMail(state.mail()));
            state.write(stateDir);

            List<String> topics = KafkaBroker.createTopics(kafka.bootstrapServers(), settings.positiveInt("kafka.partitions"));
            if (!topics.isEmpty()) {
                out.println("Created Kafka topics " + topics);
            }
            Endpoints endpoints = endpoints(state);
            List<String> migrations = migrate(endpoints);
            manageUsers(endpoints);
            if (!migrations.isEmpty()) {
                out.println("Applied ClickHouse migrations " + migrations);
            }
            out.printf("Stack is up (%.1f s):%n", (System.nanoTime() - started) / 1e9);
            out.println(describe(state));
            return endpoints;
        } catch (IOException e) {
            throw new StackException("cannot write under the state directory " + stateDir + ": " + e.getMessage(), e);
        }
    }

    private KafkaState ensureKafka(KafkaState previous) {
        String external = settings.optional("kafka.bootstrap-servers");
        if (external != null) {
            if (!KafkaBroker.answers(external)) {
                throw new StackException("Kafka at " + external + " (kafka.bootstrap-servers) does not answer; "
                        + "start it, or unset the setting to run a local broker");
            }
            return new KafkaState(null, external, null, null, "external");
        }
        String marker = ChildProcesses.marker(KafkaBroker.COMPONENT, stateDir);
        if (previous != null && ChildProcesses.isRunning(previous.pid(), marker)) {
            KafkaBroker.awaitReady(previous.bootstrapServers(), START_TIMEOUT,
                    () -> ChildProcesses.isRunning(previous.pid(), marker), Path.of(previous.logFile()));
            out.println("Kafka broker already running (pid " + previous.pid() + ")");
            return previous;
        }
        int port = portFor("kafka.port", previous == null ? null : previous.bootstrapServers());
        int controllerPort = FreePorts.resolve(settings.port("kafka.controller-port"));
        requireFree(port, "kafka.port");
        requireFree(controllerPort, "kafka.controller-port");
        out.println("Starting Kafka broker " + KafkaBroker.version() + " on 127.0.0.1:" + port + " ...");
        return KafkaBroker.start(stateDir, port, controllerPort, settings.positiveInt("kafka.partitions"),
                START_TIMEOUT);
    }

    /** The mail catcher, unless mail.catcher is false (then the notifier uses notify.smtp.* as configured). */
    private MailState ensureMail(MailState previous) {
        if (!settings.flag("mail.catcher")) {
            return null;
        }
        String marker = ChildProcesses.marker(MailCatcher.COMPONENT, stateDir);
        if (previous != null && ChildProcesses.isRunning(previous.pid(), marker)) {
            out.println("Mail catcher already running (pid " + previous.pid() + ")");
            return previous;
        }
        int smtpPort = portFor("mail.smtp-port", previous == null ? null : "127.0.0.1:" + previous.smtpPort());
        int imapPort = portFor("mail.imap-port", previous == null ? null : "127.0.0.1:" + previous.imapPort());
        requireFree(smtpPort, "mail.smtp-port");
        requireFree(imapPort, "mail.imap-port");
        out.println("Starting the mail catcher (GreenMail) on 127.0.0.1: SMTP " + smtpPort + ", IMAP " + imapPort
                + " ...");
        return MailCatcher.start(stateDir, smtpPort, imapPort, START_TIMEOUT);
    }

    private ClickHouseState ensureClickHouse(ClickHouseState previous) {
        String external = settings.optional("clickhouse.url");
        if (external != null) {
            ClickHouseState state = ClickHouseServer.external(external);
            if (!ClickHouseServer.answers(state.httpUrl())) {
                throw new StackException("ClickHouse at " + external + " (clickhouse.url) does not answer /ping; "
                        + "start it, or unset the setting to run a local server");
            }
            return state;
        }
        String marker = ChildProcesses.marker(ClickHouseServer.COMPONENT, stateDir);
        if (previous != null && ChildProcesses.isRunning(previous.pid(), marker)) {
            out.println("ClickHouse server already running (pid " + previous.pid() + ")");
            return previous;
        }
        int httpPort = portFor("clickhouse.http-port", previous == null ? null : previous.httpUrl());
        int tcpPort = FreePorts.resolve(settings.port("clickhouse.tcp-port"));
        requireFree(httpPort, "clickhouse.http-port");
        requireFree(tcpPort, "clickhouse.tcp-port");
        ChdbDistribution chdb = new ChdbDistribution(settings.path("cache.dir"),
                settings.string("clickhouse.chdb-version"));
        out.println("Starting ClickHouse " + chdb.version() + " (chDB) on 127.0.0.1:" + httpPort + " ...");
        return ClickHouseServer.startChdb(stateDir, chdb, httpPort, tcpPort, access(), START_TIMEOUT, out);
    }

    /** A configured port, or with 0 the one used last time (so URLs stay stable), or a fresh free one. */
    private int portFor(String key, String previousAddress) {
        int configured = settings.port(key);
        if (configured != 0) {
            return configured;
        }
        if (previousAddress != null) {
            int previous = Integer.parseInt(previousAddress.substring(previousAddress.lastIndexOf(':') + 1));
            if (!FreePorts.inUse(previous)) {
                return previous;
            }
        }
        return FreePorts.pick();
    }

    private static void requireFree(int port, String key) {
        if (FreePorts.inUse(port)) {
            throw new StackException("port " + port + " (" + key + ") on 127.0.0.1 is taken by another program; "
                    + "stop it or choose another port, e.g. " + Settings.environmentName(key) + "=0 for any free one");
        }
    }

    private List<String> migrate(Endpoints endpoints) {
        try (Connection c = endpoints.openClickHouse()) {
            return new SchemaMigrator().migrate(c);
        } catch (SQLException e) {
            throw new StackException("cannot apply the ClickHouse schema at " + endpoints.clickhouseJdbcUrl()
                    + ": " + e.getMessage(), e);
        }
    }

    /** The endpoints of a stack that is up; a clear error if it is not. */
    public Endpoints endpoints() {
        StackState state = StackState.read(stateDir);
        if (state.kafka() == null || state.clickhouse() == null) {
            throw new StackException("the stack is not up; run ./mentorpulse up first");
        }
        return endpoints(state);
    }

    private Endpoints endpoints(StackState state) {
        ClickHouseAccess access;
        try {
            access = access();
        } catch (org.mentorpulse.config.ConfigurationException e) {
            // another server whose users an operator manages: without their passwords here, the stack's
            // commands that read as the reader or the researcher say so when they are used
            if (settings.flag("clickhouse.manage-users")) {
                throw e;
            }
            access = null;
        }
        return new Endpoints(state.kafka().bootstrapServers(), state.clickhouse().jdbcUrl(),
                settings.string("clickhouse.user"), settings.string("clickhouse.password"),
                access == null ? null : access.writer(), access == null ? null : access.reader(),
                access == null ? null : access.researcher(), state.mail());
    }

    /**
     * The ClickHouse users: on the local server with passwords generated once when none are configured; on
     * another server as configured (every password required).
     */
    private ClickHouseAccess access() {
        return settings.optional("clickhouse.url") == null ? ClickHouseUsers.local(settings, stateDir)
                : ClickHouseUsers.configured(settings);
    }

    /** On another server, with clickhouse.manage-users, the users are created (again) with SQL. */
    private void manageUsers(Endpoints endpoints) {
        if (settings.optional("clickhouse.url") == null || !settings.flag("clickhouse.manage-users")) {
            return;
        }
        List<String> statements = access().sql();
        try (Connection c = endpoints.openClickHouse(); java.sql.Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
            out.println("Created the ClickHouse roles and users (writer, reader, researcher)");
        } catch (SQLException e) {
            throw new StackException("cannot create the ClickHouse users at " + endpoints.clickhouseJdbcUrl()
                    + " as " + endpoints.clickhouseUser() + " (clickhouse.manage-users): " + e.getMessage()
                    + "; the server needs writable access storage and that user the right to manage access", e);
        }
    }

    public String status() {
        StackState state = StackState.read(stateDir);
        return describe(state);
    }

    private String describe(StackState state) {
        StringBuilder sb = new StringBuilder();
        sb.append("  state directory  ").append(stateDir).append('\n');
        KafkaState k = state.kafka();
        if (k == null) {
            sb.append("  kafka            not started\n");
        } else {
            boolean running = k.pid() == null ? KafkaBroker.answers(k.bootstrapServers())
                    : ChildProcesses.isRunning(k.pid(), ChildProcesses.marker(KafkaBroker.COMPONENT, stateDir));
            sb.append(String.format("  kafka            %s  %s  version %s%s%n", running ? "running" : "STOPPED",
                    k.bootstrapServers(), k.version(), k.pid() == null ? "  (external)" : "  pid " + k.pid()));
            if (k.dataDir() != null) {
                sb.append("                   data ").append(k.dataDir()).append("  log ").append(k.logFile())
                        .append('\n');
            }
        }
        ClickHouseState c = state.clickhouse();
        if (c == null) {
            sb.append("  clickhouse       not started\n");
        } else {
            boolean running = c.pid() == null ? ClickHouseServer.answers(c.httpUrl())
                    : ChildProcesses.isRunning(c.pid(), ChildProcesses.marker(ClickHouseServer.COMPONENT, stateDir));
            sb.append(String.format("  clickhouse       %s  %s  (%s %s)%s%n", running ? "running" : "STOPPED",
                    c.jdbcUrl(), c.route(), c.version() == null ? "" : c.version(),
                    c.pid() == null ? "" : "  pid " + c.pid()));
            if (c.dataDir() != null) {
                sb.append("                   data ").append(c.dataDir()).append("  log ").append(c.logFile())
                        .append('\n');
            }
        }
        MailState m = state.mail();
        if (m == null) {
            sb.append("  mail             no catcher: alerts go to notify.smtp.* as configured\n");
        } else {
            boolean running = ChildProcesses.isRunning(m.pid(), ChildProcesses.marker(MailCatcher.COMPONENT, stateDir));
            sb.append(String.format("  mail             %s  SMTP %s:%d  pid %d%n", running ? "running" : "STOPPED",
                    m.host(), m.smtpPort(), m.pid()));
            sb.append(String.format("                   read the mail over IMAP at %s:%d: user = the recipient's "
                    + "address, any password; log %s%n", m.host(), m.imapPort(), m.logFile()));
        }
        return sb.toString();
    }

    /** Stops what this stack started (never an external service), keeping the data unless purge is set. */
    public void down(boolean purge) {
        try (StackLock ignored = lock()) {
            StackState state = StackState.read(stateDir);
            if (state.clickhouse() != null && state.clickhouse().pid() != null) {
                ClickHouseServer.stop(state.clickhouse(), stateDir);
                out.println("Stopped ClickHouse (pid " + state.clickhouse().pid() + ")");
            }
            if (state.mail() != null && state.mail().pid() != null
                    && ChildProcesses.stop(state.mail().pid(), ChildProcesses.marker(MailCatcher.COMPONENT, stateDir),
                            Duration.ofSeconds(10))) {
                out.println("Stopped the mail catcher (pid " + state.mail().pid() + ")");
            }
            if (state.kafka() != null && state.kafka().pid() != null) {
                if (ChildProcesses.stop(state.kafka().pid(), ChildProcesses.marker(KafkaBroker.COMPONENT, stateDir),
                        Duration.ofSeconds(30))) {
                    out.println("Stopped Kafka (pid " + state.kafka().pid() + ")");
                }
            }
            StackState.empty().write(stateDir);
            if (purge) {
                Directories.deleteTree(stateDir.resolve("kafka"));
                Directories.deleteTree(stateDir.resolve("clickhouse"));
                // the deduplicator's local state belongs to the Kafka log just deleted: kept, it would claim
                // changelog offsets the new log does not have
                Directories.deleteTree(stateDir.resolve("streams"));
                // so do the Flink checkpoints: their positions are in the deleted log, their rows in the deleted
                // tables, and a replay would resume from them
                Directories.deleteTree(stateDir.resolve("flink-checkpoints"));
                Directories.deleteTree(stateDir.resolve("flink-checkpoints-replay"));
                out.println("Removed the stack's data under " + stateDir);
            }
        } catch (IOException e) {
            throw new StackException("cannot write under the state directory " + stateDir + ": " + e.getMessage(), e);
        }
    }

    /** Held while a command changes the stack, so two commands never start the same server twice. */
    private interface StackLock extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    /**
     * The state directory's file system has room for the broker's log and the server's parts. Checked before
     * anything starts, because a service that runs out of disk fails mid-write, far from the cause.
     */
    private void requireFreeSpace() throws IOException {
        long minimum = settings.positiveLong("state.min-free-mb");
        long free = Files.getFileStore(stateDir).getUsableSpace() / (1024 * 1024);
        if (free < minimum) {
            throw new StackException("the state directory " + stateDir + " has " + free + " MB free; the stack needs "
                    + "at least " + minimum + " MB there (state.min-free-mb). Free some space, or set state.dir to "
                    + "a larger disk");
        }
    }

    /**
     * Takes the state directory's lock, creating the directory if needed. A directory that cannot be created or
     * written is the one failure every command meets first, so it is named here in one sentence.
     */
    private StackLock lock() throws IOException {
        try {
            return takeLock();
        } catch (FileSystemException e) {
            throw new StackException("the state directory " + stateDir + " cannot be written: " + reason(e) + " ("
                    + e.getFile() + "). Set state.dir to a directory this user can write");
        } catch (IOException e) {
            throw new StackException("the state directory " + stateDir + " cannot be written: " + e.getMessage()
                    + ". Set state.dir to a directory this user can write", e);
        }
    }

    private static String reason(FileSystemException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException || e instanceof java.nio.file.NotDirectoryException) {
            return "a file is in the way of a directory";
        }
        return e.getReason() != null ? e.getReason() : "the file system refused";
    }

    private StackLock takeLock() throws IOException {
        Files.createDirectories(stateDir);
        FileChannel channel = FileChannel.open(stateDir.resolve("stack.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            out.println("Waiting for another ./mentorpulse command working on " + stateDir + " ...");
            lock = channel.lock();
        }
        // closing the channel releases the lock
        return channel::close;
    }
}
