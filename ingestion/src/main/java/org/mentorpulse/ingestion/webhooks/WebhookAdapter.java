package org.mentorpulse.ingestion.webhooks;

/**
 * Receives one vendor's webhooks: checks the vendor's signature or handshake, answers the vendor's
 * challenges, and maps notifications onto catalogue events. Contents (message text, transcripts, comments)
 * are never copied into a {@link VendorEvent}: each adapter reads only the fields it maps.
 */
public interface WebhookAdapter {
    /** The path segment and the CloudEvents source, e.g. {@code zoom} -> {@code /v1/webhooks/zoom}, {@code /zoom}. */
    String name();

    WebhookResult handle(WebhookRequest request);

    default String source() {
        return "/" + name();
    }
}
