package org.mentorpulse.ingestion;

import java.util.Collection;
import java.util.SplittableRandom;

/**
 * The (source, id) pairs ingestion stored most recently, so a sender that retries gets "duplicate" instead of
 * "accepted" and the log is not written twice. It is bounded (the oldest stored pairs are forgotten first) and
 * lives in memory: it makes the answer informative, not the log correct. The deduplicator in {@code streams/}
 * removes every repeat from the log whatever this set remembers.
 *
 * <p>Every event of every request asks, so the set is laid out for the processor's caches: a ring of the pairs
 * in the order stored, and an open-addressing table of longs (a fingerprint of the pair and its place in the
 * ring), a few MB for two hundred thousand pairs. A hash set of the pairs took the same pairs in tens of MB of
 * nodes, and each question cost several cache misses. A matching fingerprint is confirmed against the pair
 * itself, so a new event is never taken for a repeat. Probing stops after {@link #MAX_PROBES} slots, which
 * bounds what pairs crafted to collide can cost: at worst such a pair is not remembered, and is answered
 * "accepted" again when repeated.
 */
final class RecentEventIds {
    /**
     * One event's identity. The two strings are kept as they arrived rather than joined into one: joining copied
     * both for every event of every request, only to be hashed and compared once.
     */
    record Key(String source, String id) {}

    static final int MAX_PROBES = 32;

    private final Key[] ring;
    /** The fingerprint of each pair of the ring, to find its entry in the table when it is forgotten. */
    private final long[] fingerprints;
    /** 0 for an empty slot, else the fingerprint's high bits and the pair's place in the ring plus one. */
    private final long[] table;
    private final int mask;
    private final long placeBits;
    private final long seed;
    private int next;

    RecentEventIds(int capacity) {
        this(capacity, new SplittableRandom().nextLong());
    }

    /** With the seed of the fingerprints given, as tests give it. */
    RecentEventIds(int capacity, long seed) {
        this.seed = seed;
        this.ring = new Key[capacity];
        this.fingerprints = new long[capacity];
        // at most half full, so probe runs stay short
        int slots = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1;
        this.table = new long[slots];
        this.mask = slots - 1;
        this.placeBits = (1L << (64 - Long.numberOfLeadingZeros(capacity))) - 1;
    }

    synchronized boolean contains(Key key) {
        return find(key, fingerprint(key)) >= 0;
    }

    synchronized void rememberAll(Collection<Key> keys) {
        for (Key key : keys) {
            long fingerprint = fingerprint(key);
            if (find(key, fingerprint) >= 0) {
                continue;
            }
            if (ring[next] != null) {
                forget(next);
            }
            ring[next] = key;
            fingerprints[next] = fingerprint;
            int slot = home(fingerprint);
            for (int probe = 0; probe < MAX_PROBES; probe++, slot = (slot + 1) & mask) {
                if (table[slot] == 0) {
                    table[slot] = (fingerprint & ~placeBits) | (next + 1);
                    break;
                }
            }
            next = (next + 1) % ring.length;
        }
    }

    /** The table slot of {@code key}, or -1. */
    private int find(Key key, long fingerprint) {
        long tag = fingerprint & ~placeBits;
        int slot = home(fingerprint);
        for (int probe = 0; probe < MAX_PROBES; probe++, slot = (slot + 1) & mask) {
            long entry = table[slot];
            if (entry == 0) {
                return -1;
            }
            if ((entry & ~placeBits) == tag && key.equals(ring[(int) (entry & placeBits) - 1])) {
                return slot;
            }
        }
        return -1;
    }

    /** Takes the pair at {@code place} of the ring out of the table, closing the gap its entry leaves. */
    private void forget(int place) {
        int slot = home(fingerprints[place]);
        for (int probe = 0; probe < MAX_PROBES; probe++, slot = (slot + 1) & mask) {
            long entry = table[slot];
            if (entry == 0) {
                return; // it found no free slot when stored
            }
            if ((entry & placeBits) == place + 1) {
                closeGap(slot);
                return;
            }
        }
    }

    /** Empties {@code gap} and moves back each later entry of its run that may sit there (linear probing). */
    private void closeGap(int gap) {
        for (int slot = (gap + 1) & mask; table[slot] != 0; slot = (slot + 1) & mask) {
            int home = home(fingerprints[(int) (table[slot] & placeBits) - 1]);
            if (((slot - home) & mask) >= ((slot - gap) & mask)) {
                table[gap] = table[slot];
                gap = slot;
            }
        }
        table[gap] = 0;
    }

    private int home(long fingerprint) {
        return (int) fingerprint & mask;
    }

    /**
     * Mixed with a seed of this process, so which pairs share a slot is not known outside it; pairs whose strings
     * have equal hash codes still do, which {@link #MAX_PROBES} bounds.
     */
    private long fingerprint(Key key) {
        return mix(mix(seed ^ key.source().hashCode()) ^ key.id().hashCode());
    }

    /** MurmurHash3's 64-bit finaliser: every bit of the input moves about half the bits of the output. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb33fe8bd8e53L;
        return h ^ (h >>> 33);
    }
}
