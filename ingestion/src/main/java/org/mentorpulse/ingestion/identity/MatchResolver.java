package org.mentorpulse.ingestion.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mentorpulse.ingestion.identity.IdentityDirectory.Match;
import org.mentorpulse.ingestion.webhooks.VendorEvent;
import org.mentorpulse.ingestion.webhooks.VendorEvent.Identity;

/**
 * Turns a vendor event into a structured CloudEvent of the catalogue, with participant ids and the match, or
 * says why it cannot yet. The match is the active one that pairs two of the people involved; failing that,
 * the only active match of the one person known (a Slack message names only its sender). Anything else
 * (nobody known yet, several matches possible) waits for the directory to learn more.
 */
public final class MatchResolver {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Either the event, or the reason it is not resolvable now. */
    public record Resolution(ObjectNode event, String unresolvedBecause) {
        public boolean resolved() {
            return event != null;
        }
    }

    private MatchResolver() {}

    public static Resolution resolve(VendorEvent vendor, IdentityDirectory directory) {
        Set<String> people = new LinkedHashSet<>();
        for (Identity identity : vendor.identities()) {
            String participant = directory.participant(identity);
            if (participant != null) {
                people.add(participant);
            }
        }
        if (people.isEmpty()) {
            return new Resolution(null, "no registered participant is known as any of " + vendor.identities());
        }
        List<Match> active = directory.activeMatches();
        List<Match> candidates = active.stream().filter(m -> m.pairs(people)).toList();
        if (candidates.isEmpty()) {
            candidates = active.stream().filter(m -> people.stream().anyMatch(m::involves)).toList();
        }
        if (candidates.size() != 1) {
            return new Resolution(null, candidates.isEmpty()
                    ? "participants " + people + " are in no active match"
                    : "participants " + people + " are in several active matches: "
                            + candidates.stream().map(Match::matchId).toList());
        }
        Match match = candidates.get(0);
        ObjectNode data = vendor.data().deepCopy().put("match_id", match.matchId());
        for (Map.Entry<String, Identity> person : vendor.people().entrySet()) {
            String participant = directory.participant(person.getValue());
            if (participant == null) {
                return new Resolution(null, person.getKey() + " " + person.getValue() + " is not a registered "
                        + "participant");
            }
            data.put(person.getKey(), participant);
        }
        for (Map.Entry<String, List<Identity>> group : vendor.groups().entrySet()) {
            List<String> resolved = new ArrayList<>();
            for (Identity identity : group.getValue()) {
                String participant = directory.participant(identity);
                if (participant != null && !resolved.contains(participant)) {
                    resolved.add(participant);
                }
            }
            resolved.forEach(data.putArray(group.getKey())::add);
        }
        ObjectNode event = JSON.createObjectNode().put("specversion", "1.0").put("id", vendor.id())
                .put("source", vendor.source()).put("type", vendor.type()).put("time", vendor.time())
                .put("subject", match.matchId());
        event.set("data", data);
        return new Resolution(event, null);
    }
}
