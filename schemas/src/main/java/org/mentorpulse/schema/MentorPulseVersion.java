package org.mentorpulse.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The release of this build (the Maven project version), stamped into dead letters and logs. */
public final class MentorPulseVersion {
    public static final String VERSION = read();

    private MentorPulseVersion() {}

    private static String read() {
        try (InputStream in = MentorPulseVersion.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("version.properties is missing from the schemas jar", e));
        }
    }
}
