package org.mentorpulse.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * What the local stack started and where it listens, persisted as {@code stack.json} in the state directory so
 * that {@code status} and {@code down} work from another process, and {@code up} can tell what already runs.
 */
public record StackState(KafkaState kafka, ClickHouseState clickhouse, MailState mail) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** pid is null for a cluster we did not start (an explicit bootstrap address). */
    public record KafkaState(Long pid, String bootstrapServers, String dataDir, String logFile, String version) {}

    /** pid is null for a server we did not start (an explicit URL). */
    public record ClickHouseState(Long pid, String route, String jdbcUrl, String httpUrl, String dataDir,
            String logFile, String controlFifo, String version) {}

    /** The local mail catcher: SMTP for the notifier, IMAP to read what arrived. */
    public record MailState(Long pid, String host, int smtpPort, int imapPort, String logFile) {}

    public static StackState empty() {
        return new StackState(null, null, null);
    }

    public StackState withKafka(KafkaState k) {
        return new StackState(k, clickhouse, mail);
    }

    public StackState withClickHouse(ClickHouseState c) {
        return new StackState(kafka, c, mail);
    }

    public StackState withMail(MailState m) {
        return new StackState(kafka, clickhouse, m);
    }

    public static StackState read(Path stateDir) {
        Path file = stateDir.resolve("stack.json");
        if (!Files.exists(file)) {
            return empty();
        }
        try {
            return JSON.readValue(file.toFile(), StackState.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + "; delete it if the stack is down", e);
        }
    }

    public void write(Path stateDir) {
        try {
            Files.createDirectories(stateDir);
            Path tmp = stateDir.resolve("stack.json.tmp");
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, stateDir.resolve("stack.json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the stack state under " + stateDir, e);
        }
    }
}
