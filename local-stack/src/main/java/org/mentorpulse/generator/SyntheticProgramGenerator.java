package org.mentorpulse.generator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.mentorpulse.generator.SyntheticProgram.Archetype;
import org.mentorpulse.generator.SyntheticProgram.PlantedMatch;
import org.mentorpulse.schema.EventTypes;

/**
 * Generates a small mentoring program deterministically from a seed: the same seed gives the same events, ids
 * and ground truth, so a demo can be re-run and a test can know the answer in advance.
 *
 * <p>Three in ten matches fade (healthy for 3 to 8 weeks, then the mentor's messages go unanswered), one in
 * ten never starts, the rest stay healthy with a meeting every 4 to 9 days and replies in between.
 */
public final class SyntheticProgramGenerator {
    public static final String SOURCE = "mentorpulse/generator";
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Options(long seed, int matches, int days, LocalDate start) {
        public Options {
            if (matches < 1 || days < 30) {
                throw new IllegalArgumentException("a program needs at least 1 match and 30 days");
            }
        }

        public static Options demo() {
            return new Options(42, 40, 90, LocalDate.of(2026, 3, 2));
        }
    }

    private final Options options;
    private final Random random;
    private final String programId;
    /** every event id starts with this, so a program's events can be counted in ClickHouse */
    private final String idPrefix;
    private final List<ObjectNode> events = new ArrayList<>();
    private int sequence;

    public SyntheticProgramGenerator(Options options) {
        this.options = options;
        this.random = new Random(options.seed());
        this.programId = "program-" + options.seed();
        this.idPrefix = "gen-" + options.seed() + "-";
    }

    public SyntheticProgram generate() {
        Instant start = options.start().atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = start.plusSeconds(options.days() * 86_400L);
        List<PlantedMatch> planted = new ArrayList<>();
        for (int i = 0; i < options.matches(); i++) {
            Archetype archetype = switch (i % 10) {
                case 0, 1, 2 -> Archetype.fading;
                case 3 -> Archetype.never_started;
                default -> Archetype.healthy;
            };
            planted.add(match(i, archetype, start, end));
        }
        events.sort(Comparator.comparing((ObjectNode e) -> Instant.parse(e.get("time").asText()))
                .thenComparing(e -> e.get("id").asText()));
        return new SyntheticProgram(programId, idPrefix, options.start(), options.days(), List.copyOf(events),
                List.copyOf(planted));
    }

    private PlantedMatch match(int index, Archetype archetype, Instant programStart, Instant end) {
        // ids carry the seed, so two generated programs never share a match or a person
        String matchId = String.format("m%d-%03d", options.seed(), index + 1);
        String cohortId = index % 2 == 0 ? "cohort-a" : "cohort-b";
        String mentor = mentorOf(matchId);
        String mentee = menteeOf(matchId);
        Instant created = programStart.plusSeconds((index % 5) * 86_400L + 9 * 3_600L);
        ObjectNode data = JSON.createObjectNode()
                .put("match_id", matchId).put("program_id", programId).put("cohort_id", cohortId)
                .put("mentor_id", mentor).put("mentee_id", mentee)
                .put("starts_on", created.atZone(ZoneOffset.UTC).toLocalDate().toString());
        emit(EventTypes.MATCH_CREATED, created, matchId, data);

        if (archetype == Archetype.never_started) {
            message(matchId, mentor, created.plusSeconds(2 * 86_400L));
            return new PlantedMatch(matchId, cohortId, archetype, created, null);
        }
        Instant fadeAt = archetype == Archetype.fading
                ? created.plusSeconds((21 + random.nextInt(36)) * 86_400L) : end;
        Instant lastContact = null;
        Instant t = created.plusSeconds((1 + random.nextInt(3)) * 86_400L);
        int meeting = 0;
        while (t.isBefore(fadeAt) && t.isBefore(end)) {
            Instant startedAt = dayAt(t, 9 + random.nextInt(9));
            if (!startedAt.isBefore(fadeAt) || !startedAt.isBefore(end)) {
                break;
            }
            lastContact = meeting(matchId, matchId + "-meeting-" + (++meeting), startedAt,
                    30 + 15 * random.nextInt(4), List.of(mentor, mentee));
            Instant ask = startedAt.plusSeconds((1 + random.nextInt(2)) * 86_400L);
            Instant answer = ask.plusSeconds((1 + random.nextInt(20)) * 3_600L);
            if (answer.isBefore(fadeAt) && answer.isBefore(end)) {
                message(matchId, random.nextBoolean() ? mentor : mentee, ask);
                message(matchId, null, answer);
                lastContact = answer;
            }
            t = startedAt.plusSeconds((4 + random.nextInt(6)) * 86_400L);
        }
        if (archetype == Archetype.fading) {
            // The mentor keeps trying for a while. These one-sided messages come more than 7 days after anything
            // else, so they answer nothing and are not two-way contact.
            for (int k = 0; k < 2; k++) {
                Instant attempt = fadeAt.plusSeconds((8 + 5 * k) * 86_400L);
                if (attempt.isBefore(end)) {
                    message(matchId, mentor, attempt);
                }
            }
        }
        return new PlantedMatch(matchId, cohortId, archetype, created, lastContact);
    }

    private String lastSender;

    /** sender null means "the other party answers the previous message". */
    private void message(String matchId, String sender, Instant at) {
        String mentor = mentorOf(matchId);
        String mentee = menteeOf(matchId);
        String from = sender != null ? sender : (mentor.equals(lastSender) ? mentee : mentor);
        lastSender = from;
        ObjectNode data = JSON.createObjectNode().put("match_id", matchId).put("sender_id", from)
                .put("channel", random.nextInt(3) == 0 ? "chat" : "email")
                .put("length_chars", 80 + random.nextInt(900));
        emit(EventTypes.MESSAGE_SENT, at, matchId, data);
    }

    /** Returns the meeting's end, which is when it is reported and so when the contact counts. */
    private Instant meeting(String matchId, String meetingId, Instant startedAt, int minutes, List<String> attendees) {
        Instant endedAt = startedAt.plusSeconds(minutes * 60L);
        ObjectNode data = JSON.createObjectNode().put("match_id", matchId).put("meeting_id", meetingId)
                .put("channel", random.nextInt(4) == 0 ? "phone" : "video")
                .put("started_at", startedAt.toString()).put("ended_at", endedAt.toString());
        attendees.forEach(data.putArray("attendee_ids")::add);
        // a meeting is reported when it ends
        emit(EventTypes.MEETING_HELD, endedAt, matchId, data);
        return endedAt;
    }

    private static String mentorOf(String matchId) {
        return "mentor-" + matchId;
    }

    private static String menteeOf(String matchId) {
        return "mentee-" + matchId;
    }

    private static Instant dayAt(Instant day, int hour) {
        LocalDate date = day.atZone(ZoneOffset.UTC).toLocalDate();
        return date.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(hour * 3_600L
                + (long) (hour * 7 % 60) * 60);
    }

    private void emit(String type, Instant time, String matchId, ObjectNode data) {
        ObjectNode event = JSON.createObjectNode()
                .put("specversion", "1.0")
                .put("id", idPrefix + (++sequence))
                .put("source", SOURCE)
                .put("type", type)
                .put("time", time.toString())
                .put("subject", matchId)
                .put("datacontenttype", "application/json");
        event.set("data", data);
        events.add(event);
    }
}
