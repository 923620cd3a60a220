package org.mentorpulse.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.mentorpulse.analytics.outcomes.Pseudonyms;
import org.mentorpulse.config.Settings;

/**
 * The research pseudonym key of the local stack: the configured {@code research.pseudonym-key}, else one
 * generated once and kept in {@code <state>/research-pseudonym.key}, readable by its owner only. Like the
 * generated ClickHouse passwords, it lets a development stack run without configured secrets, and keeps the
 * pseudonyms stable across restarts; {@code down --purge} forgets it, and the next key makes new pseudonyms.
 */
public final class PseudonymKey {
    static final String FILE = "research-pseudonym.key";
    private static final SecureRandom RANDOM = new SecureRandom();

    private PseudonymKey() {}

    /** The settings with a key: as configured, or the state directory's own. */
    public static Settings local(Settings settings, Path stateDir) {
        if (!settings.string(Pseudonyms.KEY_SETTING).isEmpty()) {
            return settings;
        }
        Path file = stateDir.resolve(FILE);
        try {
            String key;
            if (Files.exists(file)) {
                key = Files.readString(file, StandardCharsets.UTF_8).strip();
            } else {
                byte[] bytes = new byte[33];
                RANDOM.nextBytes(bytes);
                key = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                Files.createDirectories(stateDir);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
            }
            return settings.with(Pseudonyms.KEY_SETTING, key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the local research pseudonym key in " + file, e);
        }
    }
}
