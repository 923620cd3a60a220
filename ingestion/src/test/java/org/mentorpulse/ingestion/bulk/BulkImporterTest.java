package org.mentorpulse.ingestion.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mentorpulse.ingestion.EventLogUnavailableException;
import org.mentorpulse.ingestion.IngestionLimits;
import org.mentorpulse.ingestion.IngestionService;
import org.mentorpulse.schema.DeadLetter;
import org.mentorpulse.ingestion.log.EventLog;
import org.mentorpulse.ingestion.metrics.IngestionMetrics;
import org.mentorpulse.schema.MentorPulseEvent;

class BulkImporterTest {
    @TempDir Path dir;

    /** A log that can be told to fail after some appends, like a broker going away mid-import. */
    static final class FlakyLog implements EventLog {
        final List<String> ids = new CopyOnWriteArrayList<>();
        final List<DeadLetter> letters = new CopyOnWriteArrayList<>();
        int failAfter = Integer.MAX_VALUE;

        @Override
        public CompletableFuture<Void> append(MentorPulseEvent event) {
            if (ids.size() >= failAfter) {
                return CompletableFuture.failedFuture(new IllegalStateException("broker away"));
            }
            ids.add(event.getId());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> deadLetter(DeadLetter letter) {
            letters.add(letter);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> holdForResolution(org.mentorpulse.ingestion.webhooks.VendorEvent event) {
            throw new UnsupportedOperationException("not used by the importer");
        }

        @Override
        public boolean isReachable() {
            return true;
        }

        @Override
        public void close() {}
    }

    private static String message(int i) {
        return """
                {"specversion":"1.0","id":"imp-%d","source":"/import","type":"org.mentorpulse.message.sent","time":"2026-03-02T09:30:00Z","data":{"match_id":"m-1","sender_id":"p-1","channel":"chat"}}"""
                .formatted(i);
    }

    private BulkImporter importer(EventLog log) {
        return new BulkImporter(new IngestionService(log, Clock.systemUTC(), new IngestionMetrics(),
                IngestionLimits.DEFAULT), dir.resolve("progress"), 2, new PrintStream(new ByteArrayOutputStream()));
    }

    @Test
    void anInterruptedImportResumesAfterTheLastStoredBatchWithoutRepeats() throws Exception {
        Path file = dir.resolve("events.ndjson");
        Files.writeString(file, IntStream.rangeClosed(1, 7).mapToObj(BulkImporterTest::message)
                .collect(Collectors.joining("\n")) + "\n");
        FlakyLog log = new FlakyLog();
        log.failAfter = 4;
        assertThatThrownBy(() -> importer(log).importFile(file, Optional.empty(), false))
                .isInstanceOf(EventLogUnavailableException.class);
        assertThat(log.ids).containsExactly("imp-1", "imp-2", "imp-3", "imp-4");

        log.failAfter = Integer.MAX_VALUE;
        BulkImporter.Summary summary = importer(log).importFile(file, Optional.empty(), false);

        assertThat(summary.skipped()).isEqualTo(4);
        assertThat(summary.accepted()).isEqualTo(7);
        assertThat(log.ids).containsExactly("imp-1", "imp-2", "imp-3", "imp-4", "imp-5", "imp-6", "imp-7");
    }

    @Test
    void rejectedRecordsAreListedByLineAndDeadLettered() throws Exception {
        Path file = dir.resolve("mixed.ndjson");
        Files.writeString(file, message(1) + "\n\nthis is not json\n" + message(2).replace("\"chat\"", "\"fax\"")
                + "\n");
        FlakyLog log = new FlakyLog();
        BulkImporter.Summary summary = importer(log).importFile(file, Optional.empty(), false);

        assertThat(summary.records()).isEqualTo(3);
        assertThat(summary.accepted()).isEqualTo(1);
        assertThat(summary.rejectedRecords()).extracting(BulkImporter.RejectedRecord::line).containsExactly(3L, 4L);
        assertThat(summary.rejectedRecords().get(1).errors().get(0).field()).isEqualTo("data.channel");
        assertThat(log.letters).hasSize(2);
        assertThat(log.letters.get(0).originalPayload()).doesNotContain("this is not json");
    }

    @Test
    void aChangedFileIsImportedFromTheStart() throws Exception {
        Path file = dir.resolve("events.ndjson");
        Files.writeString(file, message(1) + "\n" + message(2) + "\n");
        FlakyLog log = new FlakyLog();
        importer(log).importFile(file, Optional.empty(), false);
        Files.writeString(file, message(1) + "\n" + message(2) + "\n" + message(3) + "\n");

        BulkImporter.Summary again = importer(log).importFile(file, Optional.empty(), false);
        assertThat(again.skipped()).isZero();
        assertThat(again.records()).isEqualTo(3);
    }
}
