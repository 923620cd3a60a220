package org.mentorpulse.ingestion.webhooks;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/** One vendor request as received: headers (names in lower case), query parameters, the raw body. */
public record WebhookRequest(Map<String, String> headers, Map<String, String> query, byte[] body, Instant now) {
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
