package org.mentorpulse.ingestion;

/**
 * What one request may hold. The body limit bounds the memory a request can take, the per-event limit keeps
 * one event from carrying a document, and the depth limit stops deeply nested JSON before it is parsed.
 */
public record IngestionLimits(long maxBodyBytes, int maxBatchEvents, int maxEventBytes, int maxJsonDepth) {
    public static final IngestionLimits DEFAULT = new IngestionLimits(5L * 1024 * 1024, 1000, 64 * 1024, 16);

    public IngestionLimits {
        if (maxBodyBytes <= 0 || maxBatchEvents <= 0 || maxEventBytes <= 0 || maxJsonDepth < 3) {
            throw new IllegalArgumentException("ingestion limits must be positive and the JSON depth at least 3");
        }
    }
}
