package org.mentorpulse.analytics.engagement;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.mentorpulse.analytics.event.InteractionEvent;
import org.mentorpulse.schema.EventTypes;

/**
 * Everything one match's metrics are computed from: its events' metadata, each kind in a list sorted by event
 * time (ties by event id). Plain Java, and a Flink POJO so it can live in keyed state.
 *
 * <p>Why lists and not running totals: a day's metrics are a function of the events that happened up to the
 * end of that day, whatever order they arrived in. Keeping the events sorted makes every evaluation exact
 * after late and out-of-order arrivals, and makes a replay (which interleaves matches differently) produce
 * the same rows. A match sees tens to a few hundred events over a program, so the lists stay small, and
 * they are dropped when the match ends (see {@code DailyMatchEvaluation}).
 *
 * <p>Who did something is kept as the participant id and resolved to mentor or mentee only when a day is
 * evaluated, because events may arrive before the {@code match.created} that says who is who.
 */
public class MatchHistory {
    public String matchId;
    public String programId;
    public String cohortId;
    public String mentorId;
    public String menteeId;
    /** from match.created (program design, for the research data): how the pair was matched, and the planned
     * first and last days as epoch days; null when not given */
    public String matchedBy;
    public Integer startsOn;
    public Integer plannedEndOn;
    /** the time and event id of the match.created the roles and design above come from */
    public long designedAt = Long.MIN_VALUE;
    public String designedBy;
    /** earliest match.created time; Long.MIN_VALUE until it arrives */
    public long createdAt = Long.MIN_VALUE;
    /** earliest event time of any event of the match */
    public long firstEventAt = Long.MAX_VALUE;
    /** participant id -> its IANA zone and the registration time that set it (the latest registration wins) */
    public Map<String, ZoneFact> zones = new HashMap<>();
    public List<Agreement> agreements = new ArrayList<>();
    public List<Message> messages = new ArrayList<>();
    public List<MeetingHeld> meetings = new ArrayList<>();
    public List<Scheduling> schedulings = new ArrayList<>();
    public List<Cancellation> cancellations = new ArrayList<>();
    public List<NoShow> noShows = new ArrayList<>();
    public List<Feedback> feedback = new ArrayList<>();
    public List<GoalChange> goals = new ArrayList<>();
    public List<Stamp> resources = new ArrayList<>();
    public List<SessionAttendance> sessions = new ArrayList<>();
    public List<SurveySent> surveys = new ArrayList<>();
    public List<Stamp> outreach = new ArrayList<>();
    public List<StatusChange> statuses = new ArrayList<>();
    /**
     * Events that arrived beyond the allowed lateness, and the instant up to which days were closed to them:
     * a day that ended at or before it is evaluated as if the event did not exist (see {@link #asSeenByDayEnding}).
     */
    public List<ClosedTo> closedTo = new ArrayList<>();

    /**
     * Derived from {@link #messages}, {@link #meetings} and the pair's ids on demand; not state (transient fields
     * are skipped).
     */
    private transient Conversation conversation;
    /** Running totals of the lists that change rarely, derived on demand like {@link #conversation}. */
    private transient Tallies tallies;
    /**
     * The match's days and its people's zones, as last worked out: every day of every match asks several times,
     * and the answers change only with a registration or the match's creation ({@link #apply} forgets them then).
     * Not state either.
     */
    private transient Zones zonesSeen;

    private record Zones(LocalDays.ZoneDays days, ZoneId mentor, ZoneId mentee) {}

    public MatchHistory() {}

    /** Role of a participant in this match, as far as known now. */
    public enum Role { mentor, mentee, other }

    public Role roleOf(String participantId) {
        if (participantId == null) {
            return Role.other;
        }
        if (participantId.equals(menteeId)) {
            return Role.mentee;
        }
        return participantId.equals(mentorId) ? Role.mentor : Role.other;
    }

    /**
     * Adds an event. Returns false for events that carry nothing for the metrics (e.g. a participant erasure,
     * which the privacy side handles), so the caller knows no day changed.
     */
    public boolean apply(InteractionEvent e) {
        boolean changed = add(e);
        if (changed) {
            forgetDerived(e.type);
        }
        return changed;
    }

    /** Drops what was derived from the lists an event of this type changes; the next evaluation rebuilds it. */
    private void forgetDerived(String type) {
        switch (type) {
            case EventTypes.PARTICIPANT_REGISTERED -> zonesSeen = null;
            case EventTypes.MESSAGE_SENT, EventTypes.MEETING_HELD -> conversation = null;
            case EventTypes.MEETING_SCHEDULED, EventTypes.FEEDBACK_SUBMITTED, EventTypes.GOAL_UPDATED,
                    EventTypes.COHORT_SESSION_ATTENDED, EventTypes.SURVEY_SENT -> tallies = null;
            case EventTypes.MATCH_CREATED -> {
                // who is the mentor and who the mentee: zones, roles of senders, organisers and attendees
                zonesSeen = null;
                conversation = null;
                tallies = null;
            }
            default -> { }
        }
    }

    private boolean add(InteractionEvent e) {
        if (matchId == null) {
            matchId = e.matchId;
        }
        if (e.programId != null && !e.isParticipantScoped()) {
            programId = e.programId;
        }
        if (e.cohortId != null && !e.isParticipantScoped()) {
            cohortId = e.cohortId;
        }
        switch (e.type) {
            case EventTypes.PARTICIPANT_REGISTERED -> {
                zoneId(e.timezone); // a zone this JVM's time-zone database does not know fails here, before any change
                ZoneFact known = zones.get(e.actorId);
                // the latest registration's zone; of two at the same instant, the same one whichever came first
                if (known == null || e.eventTime > known.at
                        || e.eventTime == known.at && e.timezone.compareTo(known.zone) > 0) {
                    zones.put(e.actorId, new ZoneFact(e.timezone, e.eventTime));
                }
                return true;
            }
            case EventTypes.PARTICIPANT_ERASED -> {
                return false;
            }
            case EventTypes.MATCH_CREATED -> {
                // a creation sent again to correct the first: the latest (by time, then id) stands, whichever of
                // the two came first
                if (e.eventTime > designedAt || e.eventTime == designedAt
                        && (designedBy == null || e.id != null && e.id.compareTo(designedBy) > 0)) {
                    mentorId = e.mentorId;
                    menteeId = e.menteeId;
                    matchedBy = e.matchedBy;
                    startsOn = e.startsOn;
                    plannedEndOn = e.plannedEndOn;
                    designedAt = e.eventTime;
                    designedBy = e.id;
                }
                createdAt = createdAt == Long.MIN_VALUE ? e.eventTime : Math.min(createdAt, e.eventTime);
            }
            case EventTypes.AGREEMENT_SET -> insert(agreements,
                    new Agreement(e.eventTime, e.id, e.meetingEveryDays, e.messageEveryDays,
                            e.preferredChannels == null ? new ArrayList<>() : new ArrayList<>(e.preferredChannels)));
            case EventTypes.MESSAGE_SENT -> insert(messages,
                    new Message(e.eventTime, e.id, e.actorId, e.channel, e.threadId));
            case EventTypes.MEETING_HELD -> insert(meetings, new MeetingHeld(e.eventTime, e.id, e.itemId, e.channel,
                    e.startedAt == null ? e.eventTime : e.startedAt, e.endedAt == null ? e.eventTime : e.endedAt,
                    Boolean.TRUE.equals(e.connectionIssues)));
            case EventTypes.MEETING_SCHEDULED -> insert(schedulings,
                    new Scheduling(e.eventTime, e.id, e.itemId, e.actorId, e.startedAt == null ? e.eventTime : e.startedAt));
            case EventTypes.MEETING_CANCELLED -> insert(cancellations,
                    new Cancellation(e.eventTime, e.id, e.itemId, e.actorId, e.noticeHours));
            case EventTypes.MEETING_MISSED -> insert(noShows, new NoShow(e.eventTime, e.id, e.itemId,
                    e.absentIds == null ? new ArrayList<>() : new ArrayList<>(e.absentIds)));
            case EventTypes.FEEDBACK_SUBMITTED -> insert(feedback, new Feedback(e.eventTime, e.id, e.actorId,
                    e.instrument, e.satisfaction == null ? 0 : e.satisfaction,
                    e.scores == null ? new HashMap<>() : new HashMap<>(e.scores), e.questionnaire,
                    e.questionnaireVersion));
            case EventTypes.GOAL_UPDATED -> insert(goals, new GoalChange(e.eventTime, e.id, e.itemId, e.status));
            case EventTypes.RESOURCE_SHARED -> insert(resources, new Stamp(e.eventTime, e.id));
            case EventTypes.COHORT_SESSION_ATTENDED -> {
                // every report is kept, the same one routed here twice once (see insert): a later report on the
                // same participant and session (a correction) replaces the earlier from its own time on (Tallies)
                insert(sessions, new SessionAttendance(e.eventTime, e.id, e.actorId, e.itemId, e.sessionKind,
                        Boolean.TRUE.equals(e.attended)));
            }
            case EventTypes.SURVEY_SENT -> insert(surveys,
                    new SurveySent(e.eventTime, e.id, e.itemId, e.actorId, e.instrument));
            case EventTypes.OUTREACH_LOGGED -> insert(outreach, new Stamp(e.eventTime, e.id));
            case EventTypes.MATCH_STATUS_CHANGED -> insert(statuses,
                    new StatusChange(e.eventTime, e.id, e.status, e.reason, e.initiatedBy));
            default -> {
                return false;
            }
        }
        firstEventAt = Math.min(firstEventAt, e.eventTime);
        return true;
    }

    /**
     * Records that the days ending at or before {@code closedUntil} were closed when {@code event} arrived: they
     * never count it, however late they are evaluated or re-evaluated. That keeps a day's row a function of the
     * log alone (the closing instant comes from the log's own watermark, see DailyMatchEvaluation) rather than of
     * whether the day happened to be evaluated before the event arrived.
     */
    public void closeDaysTo(InteractionEvent event, long closedUntil) {
        for (ClosedTo c : closedTo) {
            if (c.id.equals(event.id)) {
                return; // the same event again: the first arrival decided
            }
        }
        closedTo.add(new ClosedTo(event.eventTime, event.id, closedUntil));
    }

    /**
     * The history as the day ending at {@code dayEnd} sees it: without the events that arrived after that day was
     * closed. Such events are rare, so the usual answer is this history itself, at no cost.
     */
    public MatchHistory asSeenByDayEnding(long dayEnd) {
        Set<String> hidden = null;
        for (ClosedTo c : closedTo) {
            if (c.time < dayEnd && dayEnd <= c.closedUntil) {
                if (hidden == null) {
                    hidden = new HashSet<>();
                }
                hidden.add(c.id);
            }
        }
        return hidden == null ? this : without(hidden);
    }

    private MatchHistory without(Set<String> ids) {
        MatchHistory copy = new MatchHistory();
        copy.matchId = matchId;
        copy.programId = programId;
        copy.cohortId = cohortId;
        copy.mentorId = mentorId;
        copy.menteeId = menteeId;
        copy.matchedBy = matchedBy;
        copy.startsOn = startsOn;
        copy.plannedEndOn = plannedEndOn;
        copy.createdAt = createdAt;
        copy.designedAt = designedAt;
        copy.designedBy = designedBy;
        copy.firstEventAt = firstEventAt;
        copy.zones = zones;
        copy.agreements = without(agreements, ids);
        copy.messages = without(messages, ids);
        copy.meetings = without(meetings, ids);
        copy.schedulings = without(schedulings, ids);
        copy.cancellations = without(cancellations, ids);
        copy.noShows = without(noShows, ids);
        copy.feedback = without(feedback, ids);
        copy.goals = without(goals, ids);
        copy.resources = without(resources, ids);
        copy.sessions = without(sessions, ids);
        copy.surveys = without(surveys, ids);
        copy.outreach = without(outreach, ids);
        copy.statuses = without(statuses, ids);
        return copy;
    }

    private static <T extends Fact> List<T> without(List<T> facts, Set<String> ids) {
        List<T> kept = new ArrayList<>(facts.size());
        for (T f : facts) {
            if (!ids.contains(f.id())) {
                kept.add(f);
            }
        }
        return kept;
    }

    /** The zone a match's days are counted in: the mentee's, else the mentor's, else UTC. */
    public ZoneId zone() {
        return days().zone();
    }

    /** The local days of the match's {@link #zone()}. */
    public LocalDays.ZoneDays days() {
        return zones().days();
    }

    /** The mentor's own zone, or null if not registered (yet). */
    public ZoneId mentorZone() {
        return zones().mentor();
    }

    /** The mentee's own zone, or null if not registered (yet). */
    public ZoneId menteeZone() {
        return zones().mentee();
    }

    private Zones zones() {
        Zones z = zonesSeen;
        if (z == null) {
            ZoneId mentor = zoneOf(mentorId);
            ZoneId mentee = zoneOf(menteeId);
            ZoneId match = mentee != null ? mentee : mentor != null ? mentor : ZoneOffset.UTC;
            z = new Zones(LocalDays.in(match), mentor, mentee);
            zonesSeen = z;
        }
        return z;
    }

    /** A participant's own zone, or null if not registered (yet). */
    public ZoneId zoneOf(String participantId) {
        ZoneFact fact = participantId == null ? null : zones.get(participantId);
        return fact == null ? null : zoneId(fact.zone);
    }

    /** Zone ids are few and parsing one is not cheap; every day of every match asks for one. */
    private static final Map<String, ZoneId> ZONES = new ConcurrentHashMap<>();

    private static ZoneId zoneId(String name) {
        return ZONES.computeIfAbsent(name, ZoneId::of);
    }

    /** When the match began to exist for its metrics: its creation, or its first event if that came first. */
    public long startedAt() {
        return createdAt == Long.MIN_VALUE ? firstEventAt : Math.min(createdAt, firstEventAt);
    }

    public boolean hasEvents() {
        return firstEventAt != Long.MAX_VALUE || createdAt != Long.MIN_VALUE;
    }

    /** The latest status change at or before {@code time}; null if none. */
    public StatusChange statusAt(long time) {
        // indexed, not for-each: every day of every match asks, and the iterators showed in a replay's allocations
        StatusChange latest = null;
        for (int i = 0; i < statuses.size() && statuses.get(i).time <= time; i++) {
            latest = statuses.get(i);
        }
        return latest;
    }

    /** The ended time, if the latest status change by {@code time} completed or closed the match; else null. */
    public Long endedBy(long time) {
        StatusChange s = statusAt(time);
        return s != null && ("completed".equals(s.status) || "closed_early".equals(s.status)) ? s.time : null;
    }

    /** The agreement in force at {@code time}: the latest set at or before it; null if none. */
    public Agreement agreementAt(long time) {
        Agreement latest = null;
        for (int i = 0; i < agreements.size() && agreements.get(i).time <= time; i++) {
            latest = agreements.get(i);
        }
        return latest;
    }

    public Conversation conversation() {
        if (conversation == null) {
            conversation = new Conversation(this);
        }
        return conversation;
    }

    Tallies tallies() {
        if (tallies == null) {
            tallies = new Tallies(this);
        }
        return tallies;
    }

    /** The history's order: by time, then by event id (null first), so that every delivery order sorts alike. */
    private static int compare(Fact a, Fact b) {
        int byTime = Long.compare(a.time, b.time);
        if (byTime != 0) {
            return byTime;
        }
        return a.id == null ? (b.id == null ? 0 : -1) : b.id == null ? 1 : a.id.compareTo(b.id);
    }

    private static <T extends Fact> void insert(List<T> list, T item) {
        int n = list.size();
        if (n == 0 || compare(list.get(n - 1), item) < 0) {
            // the usual arrival: after everything known, in the log's order
            list.add(item);
            return;
        }
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int c = compare(list.get(mid), item);
            if (c == 0) {
                return; // the same event again (same time and id): already here
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        list.add(lo, item);
    }

    /** Index of the first element with time >= {@code time} in a sorted list. */
    static int firstAtOrAfter(List<? extends Fact> list, long time) {
        int lo = 0;
        int hi = list.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (list.get(mid).time < time) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Index of the first time >= {@code time} in a sorted array: how many are before it. */
    static int firstAtOrAfter(long[] sorted, long time) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < time) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Something that happened at a time, identified by its event id: the base of the kept facts, with public
     * fields for Flink's POJO serializer.
     */
    public abstract static class Fact {
        public long time;
        public String id;

        protected Fact() {}

        protected Fact(long time, String id) {
            this.time = time;
            this.id = id;
        }

        public long time() {
            return time;
        }

        public String id() {
            return id;
        }
    }

    public static class ZoneFact {
        public String zone;
        public long at;

        public ZoneFact() {}

        public ZoneFact(String zone, long at) {
            this.zone = zone;
            this.at = at;
        }
    }

    public static class Agreement extends Fact {
        public Integer meetingEveryDays;
        public Integer messageEveryDays;
        /** the channels the pair agreed to use (video, email, ...); empty if none were named */
        public List<String> preferredChannels = new ArrayList<>();

        public Agreement() {}

        Agreement(long time, String id, Integer meetingEveryDays, Integer messageEveryDays,
                List<String> preferredChannels) {
            super(time, id);
            this.meetingEveryDays = meetingEveryDays;
            this.messageEveryDays = messageEveryDays;
            this.preferredChannels = preferredChannels;
        }
    }

    public static class Message extends Fact {
        public String senderId;
        public String channel;
        public String threadId;

        public Message() {}

        Message(long time, String id, String senderId, String channel, String threadId) {
            super(time, id);
            this.senderId = senderId;
            this.channel = channel;
            this.threadId = threadId;
        }
    }

    public static class MeetingHeld extends Fact {
        public String meetingId;
        public String channel;
        public long startedAt;
        public long endedAt;
        public boolean connectionIssues;

        public MeetingHeld() {}

        MeetingHeld(long time, String id, String meetingId, String channel, long startedAt, long endedAt,
                boolean connectionIssues) {
            super(time, id);
            this.meetingId = meetingId;
            this.channel = channel;
            this.startedAt = startedAt;
            this.endedAt = endedAt;
            this.connectionIssues = connectionIssues;
        }
    }

    public static class Scheduling extends Fact {
        public String meetingId;
        public String organizerId;
        public long plannedStart;

        public Scheduling() {}

        Scheduling(long time, String id, String meetingId, String organizerId, long plannedStart) {
            super(time, id);
            this.meetingId = meetingId;
            this.organizerId = organizerId;
            this.plannedStart = plannedStart;
        }
    }

    public static class Cancellation extends Fact {
        public String meetingId;
        public String cancelledBy;
        /** as reported; null if the sender did not say */
        public Double noticeHours;

        public Cancellation() {}

        Cancellation(long time, String id, String meetingId, String cancelledBy, Double noticeHours) {
            super(time, id);
            this.meetingId = meetingId;
            this.cancelledBy = cancelledBy;
            this.noticeHours = noticeHours;
        }
    }

    public static class NoShow extends Fact {
        public String meetingId;
        public List<String> absentIds;

        public NoShow() {}

        NoShow(long time, String id, String meetingId, List<String> absentIds) {
            super(time, id);
            this.meetingId = meetingId;
            this.absentIds = absentIds;
        }
    }

    public static class Feedback extends Fact {
        public String respondentId;
        public String instrument;
        public int satisfaction;
        public Map<String, Double> scores;
        /** the validated instrument the scores answer and its version (see Questionnaire); null if none */
        public String questionnaire;
        public Integer questionnaireVersion;

        public Feedback() {}

        Feedback(long time, String id, String respondentId, String instrument, int satisfaction,
                Map<String, Double> scores, String questionnaire, Integer questionnaireVersion) {
            super(time, id);
            this.respondentId = respondentId;
            this.instrument = instrument;
            this.satisfaction = satisfaction;
            this.scores = scores;
            this.questionnaire = questionnaire;
            this.questionnaireVersion = questionnaireVersion;
        }
    }

    public static class GoalChange extends Fact {
        public String goalId;
        public String status;

        public GoalChange() {}

        GoalChange(long time, String id, String goalId, String status) {
            super(time, id);
            this.goalId = goalId;
            this.status = status;
        }
    }

    public static class Stamp extends Fact {
        public Stamp() {}

        Stamp(long time, String id) {
            super(time, id);
        }
    }

    public static class SessionAttendance extends Fact {
        public String participantId;
        public String sessionId;
        public String kind;
        public boolean attended;

        public SessionAttendance() {}

        SessionAttendance(long time, String id, String participantId, String sessionId, String kind,
                boolean attended) {
            super(time, id);
            this.participantId = participantId;
            this.sessionId = sessionId;
            this.kind = kind;
            this.attended = attended;
        }
    }

    public static class SurveySent extends Fact {
        public String surveyId;
        public String recipientId;
        public String instrument;

        public SurveySent() {}

        SurveySent(long time, String id, String surveyId, String recipientId, String instrument) {
            super(time, id);
            this.surveyId = surveyId;
            this.recipientId = recipientId;
            this.instrument = instrument;
        }
    }

    public static class StatusChange extends Fact {
        public String status;
        /** the reason given (relocation, time, mismatch, ...) and who initiated it; null if not given */
        public String reason;
        public String initiatedBy;

        public StatusChange() {}

        StatusChange(long time, String id, String status, String reason, String initiatedBy) {
            super(time, id);
            this.status = status;
            this.reason = reason;
            this.initiatedBy = initiatedBy;
        }
    }

    /** An event that arrived beyond the allowed lateness: days ending at or before {@code closedUntil} skip it. */
    public static class ClosedTo extends Fact {
        public long closedUntil;

        public ClosedTo() {}

        ClosedTo(long time, String id, long closedUntil) {
            super(time, id);
            this.closedUntil = closedUntil;
        }
    }
}
