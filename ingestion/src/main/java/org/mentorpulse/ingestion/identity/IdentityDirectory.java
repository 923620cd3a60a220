package org.mentorpulse.ingestion.identity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mentorpulse.ingestion.webhooks.VendorEvent.Identity;
import org.mentorpulse.schema.MentorPulseEvent;
import org.mentorpulse.schema.events.ExternalIdentity;
import org.mentorpulse.schema.events.MatchCreated;
import org.mentorpulse.schema.events.MatchStatus;
import org.mentorpulse.schema.events.MatchStatusChanged;
import org.mentorpulse.schema.events.ParticipantErased;
import org.mentorpulse.schema.events.ParticipantRegistered;

/**
 * Who is who, built from the canonical log itself: {@code participant.registered} says how other systems know
 * a person, {@code match.created} who is paired with whom, {@code match.status.changed} whether the pair is
 * still going, {@code participant.erased} removes a person's identities. Not thread-safe: one resolver owns it.
 */
public final class IdentityDirectory {
    /** A match as far as resolution needs it. */
    public record Match(String matchId, String mentorId, String menteeId, boolean active) {
        boolean pairs(Set<String> participants) {
            return participants.contains(mentorId) && participants.contains(menteeId);
        }

        boolean involves(String participant) {
            return participant.equals(mentorId) || participant.equals(menteeId);
        }
    }

    private final Map<Identity, String> participants = new HashMap<>();
    private final Map<String, List<Identity>> identitiesOf = new HashMap<>();
    private final Map<String, Match> matches = new LinkedHashMap<>();
    private long version;

    /** Applies one canonical event; returns true if the directory changed. */
    public boolean apply(MentorPulseEvent event) {
        Object data = event.getData();
        if (data instanceof ParticipantRegistered p) {
            List<Identity> known = new ArrayList<>();
            for (ExternalIdentity e : p.getExternalIdentities()) {
                Identity identity = e.getSystem().equals("email") ? Identity.email(e.getExternalId())
                        : new Identity(e.getSystem(), e.getExternalId());
                participants.put(identity, p.getParticipantId());
                known.add(identity);
            }
            identitiesOf.computeIfAbsent(p.getParticipantId(), k -> new ArrayList<>()).addAll(known);
        } else if (data instanceof MatchCreated m) {
            matches.put(m.getMatchId(), new Match(m.getMatchId(), m.getMentorId(), m.getMenteeId(), true));
        } else if (data instanceof MatchStatusChanged s && matches.containsKey(s.getMatchId())) {
            Match m = matches.get(s.getMatchId());
            boolean active = s.getStatus() == MatchStatus.active || s.getStatus() == MatchStatus.paused;
            matches.put(m.matchId(), new Match(m.matchId(), m.mentorId(), m.menteeId(), active));
        } else if (data instanceof ParticipantErased e) {
            for (Identity identity : identitiesOf.getOrDefault(e.getParticipantId(), List.of())) {
                participants.remove(identity);
            }
            identitiesOf.remove(e.getParticipantId());
        } else {
            return false;
        }
        version++;
        return true;
    }

    /** Grows with every change, so a resolver can tell whether retrying could help. */
    public long version() {
        return version;
    }

    public String participant(Identity identity) {
        return participants.get(identity);
    }

    List<Match> activeMatches() {
        return matches.values().stream().filter(Match::active).toList();
    }
}
