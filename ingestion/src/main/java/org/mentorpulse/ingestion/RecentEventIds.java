package org.mentorpulse.ingestion;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The (source, id) pairs ingestion stored most recently, so a sender that retries gets "duplicate" instead of
 * "accepted" and the log is not written twice. It is bounded (the oldest stored pairs are forgotten first) and
 * lives in memory: it makes the answer informative, not the log correct. The deduplicator in {@code streams/}
 * removes every repeat from the log whatever this set remembers.
 *
 * <p>Lookups are lock-free (every event of every request asks); only remembering takes a lock, once per request,
 * to keep the ring of keys that says which pair to forget next.
 */
final class RecentEventIds {
    /**
     * One event's identity. The two strings are kept as they arrived rather than joined into one: joining copied
     * both for every event of every request, only to be hashed and compared once.
     */
    record Key(String source, String id) {}

    private final Set<Key> seen;
    private final Key[] ring;
    private int next;

    RecentEventIds(int capacity) {
        this.ring = new Key[capacity];
        // sized for its capacity at once: growing it meant copying the table under load, while requests wait
        this.seen = ConcurrentHashMap.newKeySet(capacity);
    }

    boolean contains(Key key) {
        return seen.contains(key);
    }

    synchronized void rememberAll(Collection<Key> keys) {
        for (Key key : keys) {
            if (!seen.add(key)) {
                continue;
            }
            Key evicted = ring[next];
            if (evicted != null) {
                seen.remove(evicted);
            }
            ring[next] = key;
            next = (next + 1) % ring.length;
        }
    }
}
