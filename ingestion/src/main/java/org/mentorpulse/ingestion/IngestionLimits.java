package org.mentorpulse.ingestion;

import org.mentorpulse.ingestion.validation.EventTimeWindow;

/**
 * What one request may hold. The body limit bounds the memory a request can take, the per-event limit keeps
 * one event from carrying a document, and the depth limit stops deeply nested JSON before it is parsed. The
 * event-time window refuses times nobody should believe ({@link EventTimeWindow}).
 */
public record IngestionLimits(long maxBodyBytes, int maxBatchEvents, int maxEventBytes, int maxJsonDepth,
        EventTimeWindow eventTime) {
    public static final IngestionLimits DEFAULT = new IngestionLimits(5L * 1024 * 1024, 1000, 64 * 1024, 16,
            EventTimeWindow.DEFAULT);

    public IngestionLimits(long maxBodyBytes, int maxBatchEvents, int maxEventBytes, int maxJsonDepth) {
        this(maxBodyBytes, maxBatchEvents, maxEventBytes, maxJsonDepth, EventTimeWindow.DEFAULT);
    }

    public IngestionLimits {
        if (maxBodyBytes <= 0 || maxBatchEvents <= 0 || maxEventBytes <= 0 || maxJsonDepth < 3) {
            throw new IllegalArgumentException("ingestion limits must be positive and the JSON depth at least 3");
        }
    }
}
