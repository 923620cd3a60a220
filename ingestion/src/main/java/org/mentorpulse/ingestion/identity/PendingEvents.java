package org.mentorpulse.ingestion.identity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.mentorpulse.ingestion.webhooks.VendorEvent;

/**
 * Vendor events read from the pending topic and not yet resolved, with their topic positions. The consumer
 * commits, per partition, the position of the oldest event still held: after a restart, reading resumes
 * there, so nothing held is lost (events resolved after it are read and resolved again; they keep their ids,
 * so the log's deduplicator drops the repeat).
 */
final class PendingEvents {
    record Held(int partition, long offset, VendorEvent event) {}

    record Ready(Held held, ObjectNode event) {}

    private final List<Held> held = new ArrayList<>();
    private final Map<Integer, Long> nextOffsets = new HashMap<>();
    private final Map<String, String> lastReasons = new HashMap<>();

    void add(int partition, long offset, VendorEvent event) {
        held.add(new Held(partition, offset, event));
        nextOffsets.merge(partition, offset + 1, Math::max);
    }

    int size() {
        return held.size();
    }

    /** Why each held event is still waiting, by event id, as of the last attempt. */
    Map<String, String> reasons() {
        return lastReasons;
    }

    /** Everything that resolves now, in the order it was read; nothing is removed until {@link #done}. */
    List<Ready> resolvable(IdentityDirectory directory) {
        List<Ready> ready = new ArrayList<>();
        for (Held h : held) {
            MatchResolver.Resolution r = MatchResolver.resolve(h.event(), directory);
            if (r.resolved()) {
                ready.add(new Ready(h, r.event()));
                lastReasons.remove(h.event().id());
            } else {
                lastReasons.put(h.event().id(), r.unresolvedBecause());
            }
        }
        return ready;
    }

    void done(List<Ready> stored) {
        for (Ready r : stored) {
            held.remove(r.held());
        }
    }

    /** Per partition: the offset to commit (the oldest held event, or past the last read if none is held). */
    Map<Integer, Long> committable() {
        Map<Integer, Long> commit = new HashMap<>(nextOffsets);
        for (Iterator<Held> it = held.iterator(); it.hasNext(); ) {
            Held h = it.next();
            commit.merge(h.partition(), h.offset(), Math::min);
        }
        return commit;
    }
}
