package org.mentorpulse.ingestion.auth;

/**
 * Who is sending: a configured ingestion source (a platform, a mail gateway, a survey tool...). Its events
 * must carry a CloudEvents {@code source} that starts with {@code allowedSourcePrefix}, so one source's key
 * cannot write events in another source's name.
 */
public record SourceCredential(String name, String allowedSourcePrefix) {

    /** The local operator (bulk import from the command line): may write for any source. */
    public static SourceCredential operator() {
        return new SourceCredential("operator", "");
    }

    public boolean mayWrite(String eventSource) {
        return eventSource != null && eventSource.startsWith(allowedSourcePrefix);
    }
}
