package org.mentorpulse.streams.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.mentorpulse.schema.Delivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one notifier task sent, written to a local file the moment the channel accepted it, outside the Kafka
 * transaction that records the same thing in the {@code notifications-sent} store.
 *
 * <p>Why: under exactly-once the store's record of a sending is committed with the input's offset, every 100 ms
 * or so. A process killed between a mail server's acceptance and that commit reads the notification again, and
 * the store, restored from its changelog, does not know it was sent. The file does: a write that returned
 * survives the death of the process. The task that starts again takes each entry its restored store lacks as
 * sent, forwards the recorded outcome in place of sending, and so the message does not go out again. What is
 * left is a kill while the receiver is taking the message: after it has the whole message, before its answer
 * reaches us. Neither SMTP nor HTTP can tell that apart from a message that never arrived, so the next run sends
 * it again, with the same Message-ID or {@code webhook-id} for the receiver to recognise.
 *
 * <p>The file stays small: an entry the store has committed is not needed, so when the task opens, the entries
 * its restored store already holds are dropped, and while it runs, entries older than {@link #SETTLED} are
 * dropped: a live task has committed many times since then, and a task whose commit failed for good is closed and
 * opened afresh (reading the file again) rather than left running.
 *
 * <p>The file is on the host that ran the task. A task that moves to another host after a crash does not see it
 * and falls back to the store alone (at least once, with the same Message-ID and {@code webhook-id}).
 */
final class SentLedger implements AutoCloseable {
    /**
     * Far beyond the commit interval (100 ms under exactly-once) and the transaction timeout (10 s), and beyond
     * the 5 minutes ({@code task.timeout.ms}) that Streams lets a task retry a commit that times out, as it does
     * while the broker is away, before it closes the task.
     */
    static final Duration SETTLED = Duration.ofMinutes(15);
    private static final Logger LOG = LoggerFactory.getLogger(SentLedger.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An entry and when it was written (nanoTime), or {@code carried}: sent by an earlier run, not committed. */
    private record Entry(Delivery delivery, long writtenNanos, boolean carried) {}

    private final Path file;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private FileChannel out;
    private long lastPruneNanos;

    private SentLedger(Path file) {
        this.file = file;
    }

    /**
     * Opens the ledger of one task, keeping the entries for which {@code committed} says no: those were sent by a
     * run that was killed before its commit.
     */
    static SentLedger open(Path directory, String taskId, Predicate<String> committed, long nowNanos) {
        SentLedger ledger = new SentLedger(directory.resolve("task-" + taskId + ".jsonl"));
        try {
            Files.createDirectories(directory);
            if (Files.exists(ledger.file)) {
                for (String line : Files.readAllLines(ledger.file, StandardCharsets.UTF_8)) {
                    Optional<Delivery> d = parse(line);
                    if (d.isPresent() && !committed.test(key(d.get().notificationId(), d.get().channel()))) {
                        ledger.entries.put(key(d.get().notificationId(), d.get().channel()),
                                new Entry(d.get(), nowNanos, true));
                    }
                }
            }
            ledger.rewrite();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the notifier's ledger of sent messages at " + ledger.file
                    + ": " + e.getMessage(), e);
        }
        if (!ledger.entries.isEmpty()) {
            LOG.info("task {}: {} message(s) were sent by a run that stopped before recording them; they will not "
                    + "be sent again", taskId, ledger.entries.size());
        }
        ledger.lastPruneNanos = nowNanos;
        return ledger;
    }

    static String key(String notificationId, String channel) {
        return notificationId + "|" + channel;
    }

    /** The outcome an earlier run recorded for this notification on this channel, if it was sent and is not committed. */
    Optional<Delivery> carried(String notificationId, String channel) {
        Entry e = entries.get(key(notificationId, channel));
        return e != null && e.carried() ? Optional.of(e.delivery()) : Optional.empty();
    }

    /** Records a message the channel accepted; on disk when this returns. */
    void sent(Delivery delivery, long nowNanos) {
        entries.put(key(delivery.notificationId(), delivery.channel()), new Entry(delivery, nowNanos, false));
        try {
            out.write(ByteBuffer.wrap(line(delivery)));
            out.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record a sent message in " + file + ": " + e.getMessage(), e);
        }
    }

    /** A carried entry whose notification came again: its outcome is now in the store, as for a new sending. */
    void settle(String notificationId, String channel, long nowNanos) {
        entries.computeIfPresent(key(notificationId, channel), (k, e) -> new Entry(e.delivery(), nowNanos, false));
    }

    /** Drops the entries written more than {@link #SETTLED} ago (at most once per that interval). */
    void prune(long nowNanos) {
        if (nowNanos - lastPruneNanos < SETTLED.toNanos()) {
            return;
        }
        lastPruneNanos = nowNanos;
        int before = entries.size();
        entries.values().removeIf(e -> !e.carried() && nowNanos - e.writtenNanos() >= SETTLED.toNanos());
        if (entries.size() != before) {
            rewriteOrFail();
        }
    }

    /** An erased participant: entries whose notification names them go. */
    void forget(String participantId) {
        if (entries.keySet().removeIf(k -> names(k, participantId))) {
            rewriteOrFail();
        }
    }

    /** Whether a key of what was sent names the participant: a notification's id has its recipient as a path part. */
    static boolean names(String key, String participantId) {
        return key.contains("/" + participantId + "/");
    }

    int size() {
        return entries.size();
    }

    @Override
    public void close() {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            LOG.warn("closing {}: {}", file, e.getMessage());
        }
    }

    private void rewriteOrFail() {
        try {
            rewrite();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite the notifier's ledger " + file + ": " + e.getMessage(), e);
        }
    }

    /** Replaces the file by the entries kept, atomically, and appends from there. */
    private void rewrite() throws IOException {
        close();
        Path next = file.resolveSibling(file.getFileName() + ".next");
        try (FileChannel w = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (Entry e : entries.values()) {
                w.write(ByteBuffer.wrap(line(e.delivery())));
            }
            w.force(false);
        }
        try {
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING);
        }
        out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private static byte[] line(Delivery d) {
        try {
            return (JSON.writeValueAsString(d) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a delivery is always JSON", e);
        }
    }

    /** A line cut short by a kill mid-write is not an entry: that kill fell in the instant this file cannot cover. */
    private static Optional<Delivery> parse(String line) {
        if (line.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(line, Delivery.class));
        } catch (JsonProcessingException e) {
            LOG.warn("a line of the ledger that is not a delivery (cut short?) is ignored: {}", e.getOriginalMessage());
            return Optional.empty();
        }
    }

    List<Delivery> all() {
        List<Delivery> all = new ArrayList<>();
        entries.values().forEach(e -> all.add(e.delivery()));
        return all;
    }
}
