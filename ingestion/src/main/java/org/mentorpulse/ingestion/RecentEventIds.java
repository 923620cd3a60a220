package org.mentorpulse.ingestion;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The (source, id) pairs ingestion stored most recently, so a sender that retries gets "duplicate" instead of
 * "accepted" and the log is not written twice. It is bounded (least recently seen pairs are forgotten) and
 * lives in memory: it makes the answer informative, not the log correct. The deduplicator in {@code streams/}
 * removes every repeat from the log whatever this set remembers.
 */
final class RecentEventIds {
    private final Map<String, Boolean> seen;

    RecentEventIds(int capacity) {
        this.seen = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    static String key(String source, String id) {
        return source + '\u0000' + id;
    }

    synchronized boolean contains(String key) {
        return seen.get(key) != null;
    }

    synchronized void remember(String key) {
        seen.put(key, Boolean.TRUE);
    }
}
