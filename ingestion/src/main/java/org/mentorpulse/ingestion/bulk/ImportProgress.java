package org.mentorpulse.ingestion.bulk;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How far the import of one file got: the records whose events are durably in the log. Written after every
 * batch (atomically: a temporary file, then a rename), so an interrupted import resumes after the last
 * stored batch. The file's size and modification time are kept too: if the file changed, the import starts
 * over rather than skipping the wrong records.
 */
public record ImportProgress(
        String file,
        long size,
        @JsonProperty("modified_millis") long modifiedMillis,
        long done,
        long accepted,
        long duplicates,
        long rejected) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ImportProgress fresh(Path file) throws IOException {
        return new ImportProgress(file.toAbsolutePath().toString(), Files.size(file),
                Files.getLastModifiedTime(file).toMillis(), 0, 0, 0, 0);
    }

    boolean describes(Path file) throws IOException {
        return size == Files.size(file) && modifiedMillis == Files.getLastModifiedTime(file).toMillis();
    }

    ImportProgress plus(long records, long accepted, long duplicates, long rejected) {
        return new ImportProgress(file, size, modifiedMillis, done + records, this.accepted + accepted,
                this.duplicates + duplicates, this.rejected + rejected);
    }

    static Path location(Path progressDir, Path file) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(file.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return progressDir.resolve(file.getFileName() + "." + HexFormat.of().formatHex(digest, 0, 6) + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static ImportProgress read(Path location) throws IOException {
        return Files.exists(location) ? JSON.readValue(location.toFile(), ImportProgress.class) : null;
    }

    void write(Path location) {
        try {
            Files.createDirectories(location.getParent());
            Path tmp = location.resolveSibling(location.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, location, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record import progress in " + location, e);
        }
    }
}
