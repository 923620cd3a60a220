package org.mentorpulse.ingestion.bulk;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.mentorpulse.ingestion.IngestionService;
import org.mentorpulse.ingestion.IngestionService.EventOutcome;
import org.mentorpulse.ingestion.IngestionService.ReceivedEvent;
import org.mentorpulse.ingestion.IngestionService.Status;
import org.mentorpulse.ingestion.auth.SourceCredential;
import org.mentorpulse.ingestion.bulk.CsvEventReader;
import org.mentorpulse.ingestion.validation.FieldError;

/**
 * {@code ./mentorpulse import}: NDJSON files of structured CloudEvents, and CSV files with one event type each,
 * through the same validation and the same durable append as the HTTP API (as the local operator). Batches
 * are appended in file order; after each durable batch the progress is recorded, so an interrupted import
 * resumes after the last stored batch. A batch that was being written when the import stopped is sent again
 * on resume; the deduplicator keeps its events once in the canonical log.
 */
public final class BulkImporter {
    /** Rejected records listed in the summary; all of them are in the dead-letter topic either way. */
    static final int LISTED_REJECTIONS = 1000;

    public record RejectedRecord(long line, List<FieldError> errors) {}

    public record Summary(Path file, long records, long skipped, long accepted, long duplicates, long rejected,
            List<RejectedRecord> rejectedRecords) {}

    private final IngestionService service;
    private final Path progressDir;
    private final int batchSize;
    private final PrintStream out;
    private final ObjectMapper json;

    public BulkImporter(IngestionService service, Path progressDir, int batchSize, PrintStream out) {
        this.service = service;
        this.progressDir = progressDir;
        this.batchSize = batchSize;
        this.out = out;
        this.json = new ObjectMapper(JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(service.limits().maxJsonDepth()).build()).build());
    }

    /** One record of a file: where it starts (for the summary), how far into the file it ends, the event. */
    private record Line(long line, long endOffset, ReceivedEvent event) {}

    public Summary importFile(Path file, Optional<String> csvType, boolean restart) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " is not a readable file");
        }
        Path progressFile = ImportProgress.location(progressDir, file);
        ImportProgress progress = restart ? null : ImportProgress.read(progressFile);
        if (progress != null && !progress.describes(file)) {
            out.println(file + " changed since its last import: starting it from the beginning");
            progress = null;
        }
        if (progress == null) {
            progress = ImportProgress.fresh(file);
        } else if (progress.done() > 0) {
            out.printf("%s: resuming after record %,d (already stored)%n", file, progress.done());
        }
        long skip = progress.done();
        boolean csv = file.getFileName().toString().toLowerCase().endsWith(".csv");
        List<RejectedRecord> rejected = new ArrayList<>();
        ProgressBar bar = new ProgressBar(out, file.getFileName().toString(), Files.size(file));
        long records = 0;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Iterator<Line> lines = csv ? csvLines(reader, file, csvType) : ndjsonLines(new BufferedReader(reader));
            List<Line> batch = new ArrayList<>(batchSize);
            long lastOffset = 0;
            while (lines.hasNext()) {
                Line line = lines.next();
                records++;
                lastOffset = line.endOffset();
                if (records <= skip) {
                    continue;
                }
                batch.add(line);
                if (batch.size() == batchSize) {
                    progress = store(batch, progress, rejected);
                    progress.write(progressFile);
                    batch.clear();
                    bar.update(lastOffset, records, progress.rejected(), false);
                }
            }
            if (!batch.isEmpty()) {
                progress = store(batch, progress, rejected);
                progress.write(progressFile);
            }
            bar.update(Files.size(file), records, progress.rejected(), true);
        }
        return new Summary(file, records, skip, progress.accepted(), progress.duplicates(), progress.rejected(),
                rejected);
    }

    private ImportProgress store(List<Line> batch, ImportProgress progress, List<RejectedRecord> rejected) {
        List<EventOutcome> outcomes = service.ingest(batch.stream().map(Line::event).toList(),
                SourceCredential.operator());
        long accepted = 0;
        long duplicates = 0;
        long refused = 0;
        for (EventOutcome outcome : outcomes) {
            if (outcome.status() == Status.accepted) {
                accepted++;
            } else if (outcome.status() == Status.duplicate) {
                duplicates++;
            } else {
                refused++;
                if (rejected.size() < LISTED_REJECTIONS) {
                    rejected.add(new RejectedRecord(batch.get(outcome.index()).line(), outcome.errors()));
                }
            }
        }
        return progress.plus(batch.size(), accepted, duplicates, refused);
    }

    private Iterator<Line> ndjsonLines(BufferedReader reader) {
        return new Iterator<>() {
            private long lineNumber;
            private long offset;
            private Line next = advance();

            private Line advance() {
                try {
                    String text;
                    while ((text = reader.readLine()) != null) {
                        lineNumber++;
                        offset += text.length() + 1;
                        if (text.isBlank()) {
                            continue;
                        }
                        JsonNode node;
                        try {
                            node = json.readTree(text);
                        } catch (IOException e) {
                            // not JSON: validation refuses it as "not an object"; its text is not kept
                            node = JsonNodeFactory.instance.textNode("(line " + lineNumber + " is not JSON)");
                        }
                        return new Line(lineNumber, offset, new ReceivedEvent(node, text.length()));
                    }
                    return null;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Line next() {
                Line current = next;
                next = advance();
                return current;
            }
        };
    }

    private Iterator<Line> csvLines(Reader reader, Path file, Optional<String> csvType) throws IOException {
        String type = csvType.or(() -> CsvEventReader.typeFromFileName(file.getFileName().toString()))
                .orElseThrow(() -> new IllegalArgumentException("cannot tell the event type of " + file
                        + ": name the file after it (message.sent.csv) or pass --type"));
        CsvEventReader rows = new CsvEventReader(type);
        CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreSurroundingSpaces(true).get().parse(reader);
        List<String> unknown = rows.unknownColumns(parser.getHeaderNames());
        if (!unknown.isEmpty()) {
            out.println(file + ": ignoring columns that are not attributes or fields of " + type + ": " + unknown);
        }
        Iterator<CSVRecord> records = parser.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return records.hasNext();
            }

            @Override
            public Line next() {
                CSVRecord record = records.next();
                var event = rows.toEvent(record.toMap());
                // the header is line 1; a record's line is its first line in a file without multi-line values
                return new Line(record.getRecordNumber() + 1, record.getCharacterPosition(),
                        new ReceivedEvent(event, record.toString().length()));
            }
        };
    }
}
