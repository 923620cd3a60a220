package org.mentorpulse.testkit.generator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.mentorpulse.testkit.generator.SyntheticProgram.Archetype;
import org.mentorpulse.testkit.generator.SyntheticProgram.PlantedMatch;
import org.mentorpulse.schema.EventTypes;

/**
 * Generates a mentoring program deterministically from a seed: the same seed gives the same events, ids and
 * ground truth, so a demo can be re-run and a test can know the answer in advance.
 *
 * <p>What a program holds: participants registered with time zones, roles, career stages and external
 * identities (e-mail, Zoom, Slack); matches in cohorts, each with an agreement (meeting cadence, channels,
 * goals); meetings on weekdays at local office hours, with a program-wide two-week break; messages and replies;
 * cohort kick-off and midpoint sessions; a midpoint survey and its answers; goals set, progressed and achieved;
 * closures with reasons at the end. Matches follow the archetypes of {@link Archetype}, one in ten each except
 * healthy (three in ten) and fading (two in ten). The ground truth (every two-way contact per match) is
 * derived from the very messages and meetings generated, by the definition of SPEC section 4.
 */
public final class SyntheticProgramGenerator {
    public static final String SOURCE = "mentorpulse/generator";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DAY = 86_400L;
    private static final long ANSWER_WINDOW_SECONDS = 7 * DAY;
    private static final List<String> ZONES = List.of("Europe/Berlin", "America/New_York", "America/Sao_Paulo",
            "Asia/Kolkata", "Africa/Lagos", "Asia/Tokyo", "Australia/Sydney", "Europe/London", "America/Los_Angeles",
            "Europe/Lisbon");
    private static final List<String> STAGES = List.of("student", "early_career", "mid_career", "senior");
    private static final List<String> DISCIPLINES = List.of("biology", "engineering", "economics", "medicine",
            "computer_science", "education");

    /**
     * @param chatPerWeek extra chat messages a week between engaged pairs, answered within the hour (a program
     *     whose pairs also talk on Slack or Teams); 0 by default
     * @param closures how matches close early ({@link Closures}); by default every match runs to the program's
     *     end, where the troubled ones are closed
     */
    public record Options(long seed, int matches, int days, LocalDate start, int chatPerWeek, Closures closures) {
        /** The smallest program the generator makes: its archetypes need a month to show. */
        public static final int MIN_MATCHES = 1;
        public static final int MIN_DAYS = 30;

        public Options {
            if (matches < MIN_MATCHES || days < MIN_DAYS) {
                throw new IllegalArgumentException("a program needs at least 1 match and 30 days");
            }
            if (chatPerWeek < 0) {
                throw new IllegalArgumentException("chat messages a week cannot be negative");
            }
        }

        public Options(long seed, int matches, int days, LocalDate start, int chatPerWeek) {
            this(seed, matches, days, start, chatPerWeek, Closures.AT_THE_END);
        }

        public Options(long seed, int matches, int days, LocalDate start) {
            this(seed, matches, days, start, 0);
        }

        public Options withClosures(Closures closures) {
            return new Options(seed, matches, days, start, chatPerWeek, closures);
        }

        public static Options demo() {
            return new Options(42, 40, 90, LocalDate.of(2026, 3, 2));
        }
    }

    /**
     * A closure process, so that a back-test has something to find. With {@code during} set, a match whose
     * engagement faded (fading, never started, one-sided) closes early {@code fadedAfterDays} days after its
     * last two-way contact (uniformly, within the range), or at the program's end if that comes first; every
     * other match closes early with probability {@code noise} on a uniformly drawn day from day 30 to two weeks
     * before the end, whatever its engagement (a move, a new job): closures the score cannot foresee. Nothing
     * of a match happens after it closed. The effect size is the contrast: every faded match closes early, a
     * share {@code noise} of the engaged ones does.
     */
    public record Closures(boolean during, int fadedAfterFromDays, int fadedAfterToDays, double noise) {
        /** Today's programs: every match runs to the end; the troubled ones are closed early on the last day. */
        public static final Closures AT_THE_END = new Closures(false, 0, 0, 0);

        public Closures {
            if (during && (fadedAfterFromDays < 1 || fadedAfterToDays < fadedAfterFromDays || noise < 0 || noise > 1)) {
                throw new IllegalArgumentException("closures need 1 <= from <= to days, and a noise from 0 to 1");
            }
        }

        /** Faded matches close 3 to 6 weeks after their last contact; 15% of the others close at random. */
        public static Closures process(double noise) {
            return new Closures(true, 21, 42, noise);
        }
    }

    /**
     * One generated event, with the time it happened and the time it reaches the pipeline. Kept as its JSON text:
     * a program of a million events as Jackson trees took about 1.5 GB of heap, as text about a quarter of that.
     */
    private record Generated(Instant time, int sequence, String subject, byte[] json, Instant deliveredAt) {
        Generated(Instant time, int sequence, ObjectNode event, Instant deliveredAt) {
            this(time, sequence, event.path("subject").asText(null), CompactEvents.bytesOf(event), deliveredAt);
        }
    }

    private final Options options;
    private final Random random;
    /** delivery delays of late data, drawn apart so that they do not change the rest of the program */
    private final Random delays;
    /** chat, drawn apart too: a program with chat is the same program with chat added */
    private final Random chats;
    /** closures, drawn apart too: the same program, closed differently */
    private final Random closures;
    private final String programId;
    /** every event id starts with this, so a program's events can be counted in ClickHouse */
    private final String idPrefix;
    private final Instant start;
    private final Instant end;
    private final Instant breakStart;
    private final Instant breakEnd;
    private final List<Generated> events = new ArrayList<>();
    private int sequence;

    public SyntheticProgramGenerator(Options options) {
        this.options = options;
        this.random = new Random(options.seed());
        this.delays = new Random(options.seed() * 31 + 7);
        this.chats = new Random(options.seed() * 31 + 11);
        this.closures = new Random(options.seed() * 31 + 13);
        this.programId = "program-" + options.seed();
        this.idPrefix = "gen-" + options.seed() + "-";
        this.start = options.start().atStartOfDay(ZoneOffset.UTC).toInstant();
        this.end = start.plusSeconds(options.days() * DAY);
        // a two-week break a little after the middle: no meetings, fewer messages
        this.breakStart = start.plusSeconds((long) (options.days() * 0.55) * DAY);
        this.breakEnd = breakStart.plusSeconds(14 * DAY);
    }

    static Archetype archetypeOf(int index) {
        return switch (index % 10) {
            case 0, 1 -> Archetype.fading;
            case 2 -> Archetype.never_started;
            case 3 -> Archetype.one_sided;
            case 4 -> Archetype.unreliable;
            case 5 -> Archetype.recovering;
            case 6 -> Archetype.late_data;
            default -> Archetype.healthy;
        };
    }

    public SyntheticProgram generate() {
        int cohorts = Math.max(2, (options.matches() + 39) / 40);
        List<PlantedMatch> planted = new ArrayList<>(options.matches());
        List<List<String>> cohortMembers = new ArrayList<>();
        for (int c = 0; c < cohorts; c++) {
            cohortMembers.add(new ArrayList<>());
        }
        for (int i = 0; i < options.matches(); i++) {
            int cohort = i % cohorts;
            PlantedMatch match = match(i, archetypeOf(i), cohortId(cohort));
            planted.add(match);
            cohortMembers.get(cohort).add(mentorOf(match.matchId()));
            cohortMembers.get(cohort).add(menteeOf(match.matchId()));
        }
        for (int c = 0; c < cohorts; c++) {
            cohortSession(cohortId(c), "kickoff", start.plusSeconds(2 * DAY + 15 * 3600), cohortMembers.get(c), 0.9);
            cohortSession(cohortId(c), "midpoint", start.plusSeconds(options.days() / 2 * DAY + 15 * 3600),
                    cohortMembers.get(c), 0.7);
        }
        Comparator<Generated> inDeliveryOrder = Comparator.comparing(Generated::deliveredAt)
                .thenComparingInt(Generated::sequence);
        byte[][] ordered = events.stream().sorted(inDeliveryOrder).map(Generated::json).toArray(byte[][]::new);
        events.clear();
        return new SyntheticProgram(programId, idPrefix, options.start(), options.days(), new CompactEvents(ordered),
                List.copyOf(planted));
    }

    private static String cohortId(int index) {
        return index < 26 ? "cohort-" + (char) ('a' + index) : "cohort-" + index;
    }

    private PlantedMatch match(int index, Archetype archetype, String cohortId) {
        // ids carry the seed, so two generated programs never share a match or a person
        String matchId = String.format("m%d-%03d", options.seed(), index + 1);
        String mentor = mentorOf(matchId);
        String mentee = menteeOf(matchId);
        ZoneId mentorZone = ZoneId.of(ZONES.get(random.nextInt(ZONES.size())));
        ZoneId menteeZone = ZoneId.of(ZONES.get(random.nextInt(ZONES.size())));
        register(mentor, "mentor", mentorZone);
        register(mentee, "mentee", menteeZone);

        Instant created = start.plusSeconds((index % 5) * DAY + 9 * 3_600L);
        int firstEventOfMatch = events.size();
        ObjectNode data = JSON.createObjectNode()
                .put("match_id", matchId).put("program_id", programId).put("cohort_id", cohortId)
                .put("mentor_id", mentor).put("mentee_id", mentee)
                .put("starts_on", day(created).toString())
                .put("planned_end_on", day(end).toString())
                .put("matched_by", random.nextInt(4) == 0 ? "self" : "staff");
        emit(EventTypes.MATCH_CREATED, created, matchId, data, false);

        boolean late = archetype == Archetype.late_data;
        MatchWriter w = new MatchWriter(matchId, mentor, mentee, mentorZone, late);
        int cadence = List.of(7, 14, 14, 21).get(random.nextInt(4));
        w.agreement(created.plusSeconds(3_600), cadence);
        switch (archetype) {
            case never_started -> w.message(mentor, created.plusSeconds(2 * DAY));
            case one_sided -> {
                Instant kickoff = w.meeting(created.plusSeconds((1 + random.nextInt(3)) * DAY), 45);
                for (Instant t = kickoff.plusSeconds(3 * DAY); t.isBefore(end); t = t.plusSeconds((3 + random.nextInt(4)) * DAY)) {
                    w.message(mentee, t);
                }
            }
            case fading -> {
                Instant fadeAt = created.plusSeconds((21 + random.nextInt(36)) * DAY);
                w.engaged(created, fadeAt, cadence);
                // the mentor keeps trying for a while; these come more than 7 days after anything else, so
                // they answer nothing and are not two-way contact
                for (int k = 0; k < 2; k++) {
                    Instant attempt = fadeAt.plusSeconds((8 + 5 * k) * DAY);
                    if (attempt.isBefore(end)) {
                        w.message(mentor, attempt);
                    }
                }
            }
            case recovering -> {
                Instant gapStart = created.plusSeconds((20 + random.nextInt(15)) * DAY);
                Instant resume = gapStart.plusSeconds((28 + random.nextInt(8)) * DAY);
                w.engaged(created, gapStart, cadence);
                w.outreachBefore(resume);
                w.engaged(resume, end, cadence);
            }
            case unreliable -> w.unreliable(created, end);
            case healthy, late_data -> w.engaged(created, end, cadence);
        }
        w.midpointSurvey(archetype);
        w.closure(archetype);
        List<Instant> contacts = w.twoWayContacts();
        Instant closedEarlyAt = options.closures().during() ? closeEarly(matchId, archetype, created, contacts,
                firstEventOfMatch) : null;
        if (closedEarlyAt != null) {
            contacts = contacts.stream().filter(t -> !t.isAfter(closedEarlyAt)).toList();
        }
        return new PlantedMatch(matchId, cohortId, archetype, created, contacts, menteeZone, cadence, closedEarlyAt);
    }

    /**
     * Draws the match's early closure ({@link Closures}); if it falls before the program's last day, drops what the
     * match would have done after it and records the closure. Returns when it closed, or null.
     */
    private Instant closeEarly(String matchId, Archetype archetype, Instant created, List<Instant> contacts,
            int firstEventOfMatch) {
        Closures c = options.closures();
        boolean faded = archetype == Archetype.fading || archetype == Archetype.never_started
                || archetype == Archetype.one_sided;
        Instant closeAt;
        String reason;
        String initiatedBy;
        if (faded) {
            Instant lastContact = contacts.isEmpty() ? created : contacts.get(contacts.size() - 1);
            int after = c.fadedAfterFromDays() + closures.nextInt(c.fadedAfterToDays() - c.fadedAfterFromDays() + 1);
            closeAt = lastContact.plusSeconds(after * DAY);
            reason = "lost_contact";
            initiatedBy = "staff";
        } else {
            double roll = closures.nextDouble();
            int day = 30 + closures.nextInt(Math.max(1, options.days() - 14 - 30));
            if (roll >= c.noise()) {
                return null;
            }
            closeAt = start.plusSeconds(day * DAY + 15 * 3_600L);
            reason = closures.nextBoolean() ? "relocation" : "time";
            initiatedBy = closures.nextBoolean() ? "mentee" : "mentor";
        }
        if (!closeAt.isBefore(end.minusSeconds(DAY))) {
            return null; // the program's own end comes first (the last day's closure stands)
        }
        events.subList(firstEventOfMatch, events.size()).removeIf(g -> !g.time().isBefore(closeAt)
                && matchId.equals(g.subject()));
        ObjectNode data = JSON.createObjectNode().put("match_id", matchId).put("status", "closed_early")
                .put("reason", reason).put("initiated_by", initiatedBy);
        emit(EventTypes.MATCH_STATUS_CHANGED, closeAt, matchId, data, archetype == Archetype.late_data);
        return closeAt;
    }

    /** Writes one match's events and keeps track of its two-way contact as it goes. */
    private final class MatchWriter {
        private final String matchId;
        private final String mentor;
        private final String mentee;
        private final ZoneId meetingZone;
        private final boolean late;
        private int meetings;
        private String lastSender;
        private Instant lastMessage;
        private final List<Instant> contacts = new ArrayList<>();

        MatchWriter(String matchId, String mentor, String mentee, ZoneId meetingZone, boolean late) {
            this.matchId = matchId;
            this.mentor = mentor;
            this.mentee = mentee;
            this.meetingZone = meetingZone;
            this.late = late;
        }

        List<Instant> twoWayContacts() {
            return contacts.stream().sorted().toList();
        }

        void agreement(Instant at, int meetingEveryDays) {
            ObjectNode data = JSON.createObjectNode().put("match_id", matchId)
                    .put("meeting_every_days", meetingEveryDays).put("message_every_days", 7)
                    .put("goal_count", 1 + random.nextInt(3));
            data.putArray("preferred_channels").add("video").add(random.nextBoolean() ? "email" : "chat");
            emit(EventTypes.AGREEMENT_SET, at, matchId, data, late);
            goal(at.plusSeconds(DAY), "g1", "set", null);
        }

        /** Meetings about every cadence/2 to cadence days (never in the break), with a question and an answer. */
        void engaged(Instant from, Instant until, int cadence) {
            Instant t = from.plusSeconds((1 + random.nextInt(3)) * DAY);
            int held = 0;
            while (t.isBefore(until)) {
                if (t.isAfter(breakStart) && t.isBefore(breakEnd)) {
                    // during the break: no meeting, but one short exchange keeps the pair in touch
                    exchange(t, until);
                    t = breakEnd;
                    continue;
                }
                Instant ended = meeting(t, 30 + 15 * random.nextInt(4));
                if (ended == null || !ended.isBefore(until)) {
                    break;
                }
                held++;
                if (held % 3 == 0) {
                    goal(ended.plusSeconds(3_600), "g1", held >= 9 ? "achieved" : "progress", Math.min(100, held * 10));
                }
                if (random.nextInt(5) == 0) {
                    ObjectNode data = JSON.createObjectNode().put("match_id", matchId).put("sharer_id", mentor)
                            .put("kind", "reading_list");
                    emit(EventTypes.RESOURCE_SHARED, ended.plusSeconds(7_200), matchId, data, late);
                }
                exchange(ended.plusSeconds((1 + random.nextInt(2)) * DAY), until);
                t = ended.plusSeconds((Math.max(4, cadence / 2) + random.nextInt(Math.max(2, cadence / 2))) * DAY);
                chatBetween(ended.plusSeconds(3 * DAY), t.isBefore(until) ? t : until);
            }
        }

        /** Chat between two meetings, evenly spread, each message answered within the hour. */
        private void chatBetween(Instant from, Instant to) {
            long seconds = to.getEpochSecond() - from.getEpochSecond() - DAY / 2;
            int exchanges = (int) Math.round(options.chatPerWeek() / 2.0 * seconds / (7.0 * DAY));
            for (int i = 1; i <= exchanges; i++) {
                Instant ask = from.plusSeconds(seconds * i / (exchanges + 1));
                String asker = chats.nextBoolean() ? mentor : mentee;
                chat(asker, ask);
                chat(asker.equals(mentor) ? mentee : mentor, ask.plusSeconds(60L * (5 + chats.nextInt(50))));
            }
        }

        private void chat(String sender, Instant at) {
            ObjectNode data = JSON.createObjectNode().put("match_id", matchId).put("sender_id", sender)
                    .put("channel", "chat").put("length_chars", 10 + chats.nextInt(300));
            emit(EventTypes.MESSAGE_SENT, at, matchId, data, late);
            track(sender, at);
        }

        /** A message and, within a day, the other party's answer: two-way contact. */
        private void exchange(Instant ask, Instant until) {
            Instant answer = ask.plusSeconds((1 + random.nextInt(20)) * 3_600L);
            if (answer.isBefore(until) && answer.isBefore(end)) {
                String asker = random.nextBoolean() ? mentor : mentee;
                message(asker, ask);
                message(asker.equals(mentor) ? mentee : mentor, answer);
            }
        }

        /** Booked every 7 to 14 days; two in five are cancelled, one in five missed, the rest held. */
        void unreliable(Instant from, Instant until) {
            for (Instant t = from.plusSeconds(3 * DAY); t.isBefore(until); t = t.plusSeconds((7 + random.nextInt(8)) * DAY)) {
                Instant slot = officeHours(t);
                if (!slot.isBefore(until) || (slot.isAfter(breakStart) && slot.isBefore(breakEnd))) {
                    continue;
                }
                String meetingId = matchId + "-meeting-" + (++meetings);
                ObjectNode scheduled = JSON.createObjectNode().put("match_id", matchId).put("meeting_id", meetingId)
                        .put("organizer_id", mentor).put("channel", "video")
                        .put("scheduled_start", slot.toString()).put("scheduled_minutes", 45);
                emit(EventTypes.MEETING_SCHEDULED, slot.minusSeconds(3 * DAY), matchId, scheduled, late);
                int roll = random.nextInt(5);
                if (roll < 2) {
                    ObjectNode cancelled = JSON.createObjectNode().put("match_id", matchId)
                            .put("meeting_id", meetingId).put("cancelled_by", random.nextBoolean() ? mentor : mentee)
                            .put("notice_hours", 2 + random.nextInt(30)).put("reason", "schedule_conflict");
                    emit(EventTypes.MEETING_CANCELLED, slot.minusSeconds(3_600L * (2 + random.nextInt(20))),
                            matchId, cancelled, late);
                } else if (roll == 2) {
                    ObjectNode missed = JSON.createObjectNode().put("match_id", matchId).put("meeting_id", meetingId);
                    missed.putArray("absent_ids").add(random.nextBoolean() ? mentor : mentee);
                    emit(EventTypes.MEETING_MISSED, slot.plusSeconds(1_800), matchId, missed, late);
                } else {
                    held(meetingId, slot, 45);
                }
            }
        }

        /** A staff check-in during a silence: program managers' outreach, not contact between the pair. */
        void outreachBefore(Instant resume) {
            ObjectNode data = JSON.createObjectNode().put("match_id", matchId).put("staff_id", "staff-1")
                    .put("channel", "email").put("outcome", "reached");
            emit(EventTypes.OUTREACH_LOGGED, resume.minusSeconds(5 * DAY), matchId, data, late);
        }

        void midpointSurvey(Archetype archetype) {
            Instant sent = start.plusSeconds(options.days() / 2 * DAY + 10 * 3_600L);
            String survey = matchId + "-midpoint";
            ObjectNode data = JSON.createObjectNode().put("survey_id", survey).put("match_id", matchId)
                    .put("recipient_id", mentee).put("instrument", "midpoint");
            emit(EventTypes.SURVEY_SENT, sent, matchId, data, late);
            if (archetype == Archetype.never_started || archetype == Archetype.fading && random.nextBoolean()) {
                return; // silent pairs rarely answer surveys
            }
            int satisfaction = switch (archetype) {
                case healthy, late_data -> 4 + random.nextInt(2);
                case recovering, unreliable -> 2 + random.nextInt(3);
                default -> 1 + random.nextInt(3);
            };
            ObjectNode answer = JSON.createObjectNode().put("match_id", matchId).put("respondent_id", mentee)
                    .put("instrument", "midpoint").put("satisfaction", satisfaction);
            answer.putObject("scores").put("rapport", satisfaction).put("usefulness", Math.max(1, satisfaction - 1));
            emit(EventTypes.FEEDBACK_SUBMITTED, sent.plusSeconds((1 + random.nextInt(4)) * DAY), matchId, answer, late);
        }

        /** On the last day of the program, after the day the ground truth is taken. */
        void closure(Archetype archetype) {
            Instant last = end.minusSeconds(DAY - 12 * 3_600L);
            ObjectNode data = JSON.createObjectNode().put("match_id", matchId);
            if (archetype == Archetype.healthy || archetype == Archetype.late_data) {
                data.put("status", "completed").put("initiated_by", "staff");
            } else if (archetype == Archetype.fading || archetype == Archetype.never_started
                    || archetype == Archetype.one_sided) {
                data.put("status", "closed_early").put("reason", "lost_contact").put("initiated_by", "staff");
            } else {
                return;
            }
            emit(EventTypes.MATCH_STATUS_CHANGED, last, matchId, data, late);
        }

        private void goal(Instant at, String goalId, String status, Integer progress) {
            ObjectNode data = JSON.createObjectNode().put("match_id", matchId).put("goal_id", goalId)
                    .put("status", status);
            if (progress != null) {
                data.put("progress_pct", progress);
            }
            emit(EventTypes.GOAL_UPDATED, at, matchId, data, late);
        }

        /** A meeting at the next weekday's office hours in the mentor's zone; returns its end, or null if past the program. */
        Instant meeting(Instant around, int minutes) {
            Instant slot = officeHours(around);
            if (!slot.isBefore(end)) {
                return null;
            }
            return held(matchId + "-meeting-" + (++meetings), slot, minutes);
        }

        private Instant held(String meetingId, Instant startedAt, int minutes) {
            Instant endedAt = startedAt.plusSeconds(minutes * 60L);
            ObjectNode data = JSON.createObjectNode().put("match_id", matchId).put("meeting_id", meetingId)
                    .put("channel", random.nextInt(4) == 0 ? "phone" : "video")
                    .put("started_at", startedAt.toString()).put("ended_at", endedAt.toString());
            data.putArray("attendee_ids").add(mentor).add(mentee);
            // a meeting is reported when it ends, and counts as contact then
            emit(EventTypes.MEETING_HELD, endedAt, matchId, data, late);
            contact(endedAt);
            return endedAt;
        }

        void message(String sender, Instant at) {
            ObjectNode data = JSON.createObjectNode().put("match_id", matchId).put("sender_id", sender)
                    .put("channel", random.nextInt(3) == 0 ? "chat" : "email")
                    .put("length_chars", 80 + random.nextInt(900));
            emit(EventTypes.MESSAGE_SENT, at, matchId, data, late);
            track(sender, at);
        }

        /** SPEC 4: a message answers the other party's message of the last 7 days. */
        private void track(String sender, Instant at) {
            if (lastSender != null && !lastSender.equals(sender)
                    && at.getEpochSecond() - lastMessage.getEpochSecond() <= ANSWER_WINDOW_SECONDS) {
                contact(at);
            }
            lastSender = sender;
            lastMessage = at;
        }

        private void contact(Instant at) {
            contacts.add(at);
        }

        /** 9:00 to 18:00 local time, Monday to Friday, on or after the given day. */
        private Instant officeHours(Instant around) {
            LocalDate date = around.atZone(meetingZone).toLocalDate();
            while (date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY) {
                date = date.plusDays(1);
            }
            return date.atTime(9 + random.nextInt(9), 15 * random.nextInt(4)).atZone(meetingZone).toInstant();
        }
    }

    private void register(String participant, String role, ZoneId zone) {
        ObjectNode data = JSON.createObjectNode().put("participant_id", participant).put("program_id", programId)
                .put("role", role).put("timezone", zone.getId())
                .put("career_stage", role.equals("mentor") ? STAGES.get(2 + random.nextInt(2)) : STAGES.get(random.nextInt(2)))
                .put("discipline", DISCIPLINES.get(random.nextInt(DISCIPLINES.size())))
                .put("consent_research", random.nextInt(10) < 8)
                // a third read Spanish; derived from the id, not drawn, so the rest of the program stays as it was
                .put("language", Math.floorMod(participant.hashCode(), 3) == 0 ? "es" : "en");
        var identities = data.putArray("external_identities");
        identities.addObject().put("system", "email").put("external_id", participant + "@example.org");
        identities.addObject().put("system", "zoom").put("external_id", "zm-" + participant);
        identities.addObject().put("system", "slack").put("external_id", "U" + Integer.toHexString(participant.hashCode()).toUpperCase());
        ObjectNode event = event(EventTypes.PARTICIPANT_REGISTERED, start.minusSeconds((1 + random.nextInt(3)) * DAY), null, data);
        event.put("programid", programId);
        Instant at = Instant.parse(event.get("time").asText());
        events.add(new Generated(at, sequence, event, at));
    }

    private void cohortSession(String cohortId, String kind, Instant at, List<String> members, double attendance) {
        String session = cohortId + "-" + kind;
        for (String participant : members) {
            ObjectNode data = JSON.createObjectNode().put("cohort_id", cohortId).put("session_id", session)
                    .put("participant_id", participant).put("session_kind", kind)
                    .put("attended", random.nextDouble() < attendance);
            ObjectNode event = event(EventTypes.COHORT_SESSION_ATTENDED, at.plusSeconds(3_600), null, data);
            event.put("programid", programId);
            events.add(new Generated(at.plusSeconds(3_600), sequence, event, at.plusSeconds(3_600)));
        }
    }

    private static String mentorOf(String matchId) {
        return "mentor-" + matchId;
    }

    private static String menteeOf(String matchId) {
        return "mentee-" + matchId;
    }

    private static LocalDate day(Instant t) {
        return t.atZone(ZoneOffset.UTC).toLocalDate();
    }

    /** A late event reaches the pipeline 1 to 10 days after it happened, at some hour of that day. */
    private void emit(String type, Instant time, String matchId, ObjectNode data, boolean late) {
        Instant deliveredAt = late ? time.plusSeconds((1 + delays.nextInt(10)) * DAY + delays.nextInt(24) * 3_600L) : time;
        events.add(new Generated(time, sequence + 1, event(type, time, matchId, data), deliveredAt));
    }

    private ObjectNode event(String type, Instant time, String subject, ObjectNode data) {
        ObjectNode event = JSON.createObjectNode()
                .put("specversion", "1.0")
                .put("id", idPrefix + (++sequence))
                .put("source", SOURCE)
                .put("type", type)
                .put("time", time.toString())
                .put("datacontenttype", "application/json");
        if (subject != null) {
            event.put("subject", subject);
        }
        event.set("data", data);
        return event;
    }
}
