package org.mentorpulse.ingestion.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mentorpulse.ingestion.validation.EventValidator;
import org.mentorpulse.ingestion.webhooks.VendorEvent;
import org.mentorpulse.ingestion.webhooks.VendorEvent.Identity;
import org.mentorpulse.schema.EventTypes;
import org.mentorpulse.schema.MentorPulseEvent;
import org.mentorpulse.schema.events.ExternalIdentity;
import org.mentorpulse.schema.events.MatchCreated;
import org.mentorpulse.schema.events.MatchStatus;
import org.mentorpulse.schema.events.MatchStatusChanged;
import org.mentorpulse.schema.events.MessageSent;
import org.mentorpulse.schema.events.ParticipantErased;
import org.mentorpulse.schema.events.ParticipantRegistered;
import org.mentorpulse.schema.events.ParticipantRole;

class MatchResolverTest {
    private final IdentityDirectory directory = new IdentityDirectory();

    private static MentorPulseEvent event(Object data) {
        return new MentorPulseEvent("e", "/test", "t", Instant.EPOCH, Instant.EPOCH, null, null, null, data);
    }

    private void register(String participant, String email, String slack) {
        directory.apply(event(new ParticipantRegistered(participant, "prog", ParticipantRole.mentor, "Europe/Berlin",
                null, null, null, null, null, List.of(new ExternalIdentity("email", email),
                        new ExternalIdentity("slack", slack)))));
    }

    private static VendorEvent slackMessage(String user) {
        Identity sender = new Identity("slack", user);
        return new VendorEvent("/slack", "slack-" + user, EventTypes.MESSAGE_SENT, "2026-03-03T09:46:00Z",
                JsonNodeFactory.instance.objectNode().put("channel", "chat"), Map.of("sender_id", sender), Map.of(),
                List.of(sender));
    }

    @Test
    void unknownPeopleWaitAndAreResolvedOnceRegisteredAndMatched() {
        VendorEvent message = slackMessage("U1");
        assertThat(MatchResolver.resolve(message, directory).unresolvedBecause()).contains("no registered participant");

        register("p-ana", "Ana@Example.org", "U1");
        register("p-ben", "ben@example.org", "U2");
        assertThat(MatchResolver.resolve(message, directory).unresolvedBecause()).contains("no active match");

        directory.apply(event(new MatchCreated("m-1", "prog", "c", "p-ana", "p-ben", null, null, null)));
        MatchResolver.Resolution resolution = MatchResolver.resolve(message, directory);
        assertThat(resolution.resolved()).isTrue();
        MentorPulseEvent canonical = new EventValidator().validate(resolution.event(), Instant.now()).event();
        assertThat(canonical.getSubject()).isEqualTo("m-1");
        assertThat(((MessageSent) canonical.getData()).getSenderId()).isEqualTo("p-ana");
    }

    @Test
    void aPairDecidesBetweenSeveralMatchesAndEndedMatchesDoNotCount() {
        register("p-ana", "ana@example.org", "U1");
        register("p-ben", "ben@example.org", "U2");
        register("p-cai", "cai@example.org", "U3");
        directory.apply(event(new MatchCreated("m-1", "prog", "c", "p-ana", "p-ben", null, null, null)));
        directory.apply(event(new MatchCreated("m-2", "prog", "c", "p-ana", "p-cai", null, null, null)));

        assertThat(MatchResolver.resolve(slackMessage("U1"), directory).unresolvedBecause()).contains("several");
        VendorEvent meeting = new VendorEvent("/zoom", "z-1", EventTypes.MEETING_HELD, "2026-03-03T09:55:00Z",
                JsonNodeFactory.instance.objectNode(), Map.of(), Map.of("attendee_ids", List.of(
                        Identity.email("ana@example.org"), Identity.email("CAI@example.org"))),
                List.of(Identity.email("ana@example.org"), Identity.email("cai@example.org")));
        assertThat(MatchResolver.resolve(meeting, directory).event().get("subject").asText()).isEqualTo("m-2");

        directory.apply(event(new MatchStatusChanged("m-2", MatchStatus.closed_early, null, null)));
        assertThat(MatchResolver.resolve(slackMessage("U1"), directory).event().get("subject").asText())
                .isEqualTo("m-1");
    }

    @Test
    void anErasedParticipantIsNoLongerRecognised() {
        register("p-ana", "ana@example.org", "U1");
        directory.apply(event(new ParticipantErased("p-ana")));
        assertThat(directory.participant(new Identity("slack", "U1"))).isNull();
    }

    @Test
    void heldEventsKeepTheOldestOffsetCommittedUntilTheyResolve() {
        PendingEvents pending = new PendingEvents();
        pending.add(0, 10, slackMessage("U9"));
        pending.add(0, 11, slackMessage("U1"));
        register("p-ana", "ana@example.org", "U1");
        register("p-ben", "ben@example.org", "U2");
        directory.apply(event(new MatchCreated("m-1", "prog", "c", "p-ana", "p-ben", null, null, null)));

        List<PendingEvents.Ready> ready = pending.resolvable(directory);
        assertThat(ready).as(pending.reasons().toString()).hasSize(1);
        pending.done(ready);
        assertThat(pending.size()).isEqualTo(1);
        assertThat(pending.committable()).containsEntry(0, 10L);
        assertThat(pending.reasons().values()).singleElement().asString().contains("slack:U9");
    }
}
