package org.mentorpulse.ingestion;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The (source, id) pairs ingestion stored most recently, so a sender that retries gets "duplicate" instead of
 * "accepted" and the log is not written twice. It is bounded (the oldest stored pairs are forgotten first) and
 * lives in memory: it makes the answer informative, not the log correct. The deduplicator in {@code streams/}
 * removes every repeat from the log whatever this set remembers.
 *
 * <p>Lookups are lock-free (every event of every request asks); only remembering takes a lock, to keep the
 * ring of keys that says which pair to forget next.
 */
final class RecentEventIds {
    private final Set<String> seen;
    private final String[] ring;
    private int next;

    RecentEventIds(int capacity) {
        this.ring = new String[capacity];
        // sized for its capacity at once: growing it meant copying the table under load, while requests wait
        this.seen = ConcurrentHashMap.newKeySet(capacity);
    }

    static String key(String source, String id) {
        return source + '\u0000' + id;
    }

    boolean contains(String key) {
        return seen.contains(key);
    }

    synchronized void remember(String key) {
        if (!seen.add(key)) {
            return;
        }
        String evicted = ring[next];
        if (evicted != null) {
            seen.remove(evicted);
        }
        ring[next] = key;
        next = (next + 1) % ring.length;
    }
}
