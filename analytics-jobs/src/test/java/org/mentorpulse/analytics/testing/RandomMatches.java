package org.mentorpulse.analytics.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.mentorpulse.analytics.event.InteractionEvent;
import org.mentorpulse.schema.EventTypes;

/** Random histories of match m-1 for property tests: every kind of event, over {@link #DAYS} days from 2026-03-02. */
public final class RandomMatches {
    public static final long DAY0 = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();
    public static final int DAYS = 120;
    private static final long MINUTE = 60_000L;
    private static final String[] ZONES = {"UTC", "America/New_York", "Asia/Kolkata", "Pacific/Apia",
        "Australia/Lord_Howe", "Europe/London"};
    private static final String[] PEOPLE = {"mentor", "mentee", "someone-else"};
    private static final String[] CHANNELS = {"email", "chat", "video", "phone"};

    private RandomMatches() {}

    /** A match's events, every kind at random times (some tied), shuffled, with some delivered twice. */
    public static List<InteractionEvent> match(Random random) {
        // ids count from one in every match: a property's try (whose moments may hang on its ids) is then the same
        // whichever tests ran before it in this JVM
        sequence = 0;
        List<InteractionEvent> events = new ArrayList<>();
        if (random.nextInt(5) > 0) {
            events.add(created(random, "mentor", "mentee"));
        }
        if (random.nextInt(8) == 0) {
            // a second creation that swaps the roles: every role-derived total must follow
            events.add(created(random, "mentee", "mentor"));
        }
        for (String person : PEOPLE) {
            for (int i = random.nextInt(3); i > 0; i--) {
                InteractionEvent e = event(random, EventTypes.PARTICIPANT_REGISTERED);
                e.actorId = person;
                e.timezone = pick(random, ZONES);
                events.add(e);
            }
        }
        for (int i = random.nextInt(3); i > 0; i--) {
            InteractionEvent e = event(random, EventTypes.AGREEMENT_SET);
            e.meetingEveryDays = random.nextBoolean() ? null : random.nextInt(30);
            e.messageEveryDays = random.nextBoolean() ? null : random.nextInt(10);
            List<String> preferred = new ArrayList<>();
            for (int k = random.nextInt(4); k > 0; k--) {
                preferred.add(pick(random, CHANNELS)); // a channel may be named twice
            }
            e.preferredChannels = preferred;
            events.add(e);
        }
        for (int i = random.nextInt(120); i > 0; i--) {
            InteractionEvent e = event(random, EventTypes.MESSAGE_SENT);
            int who = random.nextInt(20);
            e.actorId = who == 0 ? null : who < 3 ? pick(random, PEOPLE) : PEOPLE[random.nextInt(2)];
            e.channel = pick(random, CHANNELS);
            e.threadId = random.nextBoolean() ? null : "thread-" + random.nextInt(6);
            events.add(e);
        }
        for (int i = random.nextInt(20); i > 0; i--) {
            InteractionEvent e = event(random, EventTypes.MEETING_HELD);
            e.itemId = "meeting-" + random.nextInt(10);
            e.channel = pick(random, CHANNELS);
            e.startedAt = e.eventTime - random.nextInt(120) * MINUTE;
            e.endedAt = random.nextInt(10) == 0 ? null : e.eventTime;
            e.connectionIssues = random.nextInt(3) == 0 ? null : random.nextBoolean();
            events.add(e);
        }
        for (int i = random.nextInt(20); i > 0; i--) {
            InteractionEvent e = event(random, EventTypes.MEETING_SCHEDULED);
            e.itemId = "meeting-" + random.nextInt(10);
            e.actorId = pick(random, PEOPLE);
            e.startedAt = random.nextInt(10) == 0 ? null : e.eventTime + random.nextInt(10 * 24 * 60) * MINUTE;
            events.add(e);
        }
        for (int i = random.nextInt(8); i > 0; i--) {
            InteractionEvent e = event(random, EventTypes.MEETING_CANCELLED);
            e.itemId = random.nextInt(10) == 0 ? null : "meeting-" + random.nextInt(10);
            e.actorId = pick(random, PEOPLE);
            e.noticeHours = random.nextBoolean() ? null : random.nextInt(72) / 1.0;
            events.add(e);
        }
        for (int i = random.nextInt(5); i > 0; i--) {
            InteractionEvent e = event(random, EventTypes.MEETING_MISSED);
            e.itemId = "meeting-" + random.nextInt(10);
            e.absentIds = List.of(pick(random, PEOPLE));
            events.add(e);
        }
        for (int i = random.nextInt(8); i > 0; i--) {
            InteractionEvent e = event(random, EventTypes.SURVEY_SENT);
            e.itemId = "survey-" + i;
            e.actorId = pick(random, PEOPLE);
            e.instrument = random.nextInt(4) == 0 ? null : random.nextBoolean() ? "midpoint" : "closure";
            events.add(e);
        }
        for (int i = random.nextInt(8); i > 0; i--) {
            InteractionEvent e = event(random, EventTypes.FEEDBACK_SUBMITTED);
            e.actorId = pick(random, PEOPLE);
            e.instrument = random.nextInt(4) == 0 ? null : random.nextBoolean() ? "midpoint" : "closure";
            e.satisfaction = random.nextBoolean() ? null : 1 + random.nextInt(5);
            e.scores = random.nextBoolean() ? null : Map.of("rapport", (double) random.nextInt(5));
            events.add(e);
        }
        for (int i = random.nextInt(12); i > 0; i--) {
            InteractionEvent e = event(random, EventTypes.GOAL_UPDATED);
            e.itemId = "goal-" + random.nextInt(4);
            e.status = pick(random, new String[] {"set", "progress", "achieved", "dropped"});
            events.add(e);
        }
        for (int i = random.nextInt(8); i > 0; i--) {
            InteractionEvent e = event(random, EventTypes.COHORT_SESSION_ATTENDED);
            e.actorId = pick(random, PEOPLE);
            e.sessionKind = random.nextInt(6) == 0 ? null : pick(random, new String[] {"kickoff", "midpoint",
                "closure", "workshop"});
            e.itemId = "session-" + random.nextInt(4);
            e.attended = random.nextInt(3) > 0;
            events.add(e);
        }
        for (String type : new String[] {EventTypes.RESOURCE_SHARED, EventTypes.OUTREACH_LOGGED}) {
            for (int i = random.nextInt(6); i > 0; i--) {
                events.add(event(random, type));
            }
        }
        for (int i = random.nextInt(4); i > 0; i--) {
            InteractionEvent e = event(random, EventTypes.MATCH_STATUS_CHANGED);
            e.status = pick(random, new String[] {"active", "paused", "completed", "closed_early"});
            events.add(e);
        }
        for (int i = events.size() / 10; i > 0; i--) {
            events.add(events.get(random.nextInt(events.size())));
        }
        Collections.shuffle(events, random);
        return events;
    }

    public static InteractionEvent created(Random random, String mentor, String mentee) {
        InteractionEvent e = event(random, EventTypes.MATCH_CREATED);
        e.programId = "prog";
        e.cohortId = "c-1";
        e.mentorId = mentor;
        e.menteeId = mentee;
        return e;
    }

    private static int sequence;

    /** An event of match m-1 at a random minute of the program (on a 30-minute grid half the time, for ties). */
    private static InteractionEvent event(Random random, String type) {
        InteractionEvent e = new InteractionEvent();
        e.source = "property";
        e.id = "p-" + (++sequence);
        e.type = type;
        e.matchId = "m-1";
        long minute = random.nextInt(DAYS * 24 * 60);
        e.eventTime = DAY0 + (random.nextBoolean() ? minute - minute % 30 : minute) * MINUTE;
        e.receivedTime = e.eventTime;
        return e;
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}
