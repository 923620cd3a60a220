package org.mentorpulse.ingestion.auth;

import java.util.Set;
import org.mentorpulse.schema.EventTypes;

/**
 * Who is sending: a configured ingestion source (a platform, a mail gateway, a survey tool...). Its events
 * must carry a CloudEvents {@code source} that starts with {@code allowedSourcePrefix}, so one source's key
 * cannot write events in another source's name. Program managers' actions on alerts ({@link #OPERATOR_TYPES})
 * change what people are told, so only an operator key ({@code ingestion.sources.<name>.operator = true}, the
 * triage console's) may send them.
 */
public record SourceCredential(String name, String allowedSourcePrefix, boolean operatorKey) {
    public static final Set<String> OPERATOR_TYPES = Set.of(EventTypes.ALERT_ACKNOWLEDGED, EventTypes.ALERT_SNOOZED,
            EventTypes.ALERT_ANNOTATED);

    /** The local operator (bulk import from the command line): may write for any source, and any type. */
    public static SourceCredential operator() {
        return new SourceCredential("operator", "", true);
    }

    public boolean mayWrite(String eventSource) {
        return eventSource != null && eventSource.startsWith(allowedSourcePrefix);
    }

    public boolean maySend(String eventType) {
        return operatorKey || !OPERATOR_TYPES.contains(eventType);
    }
}
