package org.mentorpulse.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File-tree operations the stack needs for its state and cache directories. */
public final class Directories {
    private Directories() {}

    /**
     * Deletes a directory and everything below it; a missing directory is fine. A server that has just been told
     * to stop may still write a last file (ClickHouse finishing a merge): the tree is walked again a few times
     * rather than failing on a file that appeared or vanished meanwhile.
     */
    public static void deleteTree(Path dir) throws IOException {
        for (int attempt = 1; ; attempt++) {
            if (!Files.exists(dir)) {
                return;
            }
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
                return;
            } catch (DirectoryNotEmptyException | NoSuchFileException | UncheckedIOException e) {
                if (attempt == 10) {
                    throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
                }
                ChildProcesses.sleep(300);
            }
        }
    }
}
