package org.mentorpulse.streams.alerts;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.mentorpulse.schema.AlertTransition;
import org.mentorpulse.schema.Contact;
import org.mentorpulse.schema.MentorPulseEvent;
import org.mentorpulse.schema.Notification;
import org.mentorpulse.schema.RiskChange;
import org.mentorpulse.schema.events.AlertAcknowledged;
import org.mentorpulse.schema.events.AlertAnnotated;
import org.mentorpulse.schema.events.AlertSnoozed;
import org.mentorpulse.schema.events.MatchCreated;
import org.mentorpulse.schema.events.MatchStatusChanged;
import org.mentorpulse.schema.events.MeetingHeld;
import org.mentorpulse.schema.events.MessageSent;
import org.mentorpulse.schema.events.OutreachLogged;
import org.mentorpulse.schema.events.ResourceShared;

/**
 * The rules of an alert's life, as plain Java over one match's {@link AlertBook}:
 *
 * <ul>
 *   <li>One open alert per match and kind, raised when the match enters the level, resolved when it leaves it;
 *       a stalled alert supersedes an open at_risk one. The newest day decides: a correction of an older day
 *       changes nothing (when late data changes today's level, the analytics publish today's row again).</li>
 *   <li>Only recent days act ({@code recentDays} behind the newest day evaluated for the program): a replay or a
 *       backfill publishes the past again, and the past must not alert again.</li>
 *   <li>A raised alert asks for a nudge to the mentor and the mentee, unless the match is held out
 *       ({@link Holdout}); the dispatcher sends each in its recipient's working hours, within the program's cap.
 *       If nobody acts within {@code escalateAfter}, the program's managers are told.</li>
 *   <li>Program managers act by events on the log: acknowledging (or logging outreach) stops the escalation;
 *       snoozing silences the alert until a day, when it wakes by itself; annotating adds their note.</li>
 * </ul>
 * Every method returns what happened as {@link AlertEffects}; nothing here does IO or reads a clock.
 */
public final class AlertLifecycle {
    private final AlertRules rules;
    /** participant id -> how to reach them, for their zone (the directory the app keeps from the log) */
    private final Function<String, Optional<Contact>> contacts;

    public AlertLifecycle(AlertRules rules, Function<String, Optional<Contact>> contacts) {
        this.rules = rules;
        this.contacts = contacts;
    }

    /**
     * Applies one day's risk.
     *
     * @param newestDay the newest day evaluated for any match of the program so far (ISO date), this one included
     */
    public AlertEffects onRisk(AlertBook book, RiskChange risk, String newestDay) {
        AlertEffects out = new AlertEffects();
        LocalDate day = LocalDate.parse(risk.day());
        if (book.lastDay != null && day.isBefore(LocalDate.parse(book.lastDay))) {
            return out;
        }
        book.matchId = risk.matchId();
        book.programId = risk.programId();
        book.cohortId = risk.cohortId();
        book.lastDay = risk.day();
        book.level = risk.level();
        book.score = risk.score();
        book.timezone = risk.timezone();
        if (day.isBefore(LocalDate.parse(newestDay).minusDays(rules.recentDays()))) {
            return out;
        }
        Set<String> wanted = switch (risk.level()) {
            case AlertTransition.STALLED -> Set.of(AlertTransition.STALLED);
            case AlertTransition.AT_RISK -> Set.of(AlertTransition.AT_RISK);
            default -> Set.of();
        };
        Instant at = Instant.parse(risk.computedAt());
        for (String kind : List.copyOf(book.open.keySet())) {
            if (!wanted.contains(kind)) {
                String cause = wanted.contains(AlertTransition.STALLED)
                        ? "superseded: the match is stalled" : "the level is now " + risk.level();
                AlertBook.OpenAlert alert = book.open.remove(kind);
                out.transitions.add(transition(book, alert, AlertTransition.RESOLVED, at, cause,
                        AlertTransition.SYSTEM));
                out.requests.add(DispatchRequest.cancel(book.programId, alert.alertId, null));
            }
        }
        for (String kind : wanted) {
            if (!book.open.containsKey(kind)) {
                raise(book, kind, risk, at, out);
            }
        }
        return out;
    }

    private void raise(AlertBook book, String kind, RiskChange risk, Instant at, AlertEffects out) {
        AlertBook.OpenAlert alert = new AlertBook.OpenAlert();
        alert.alertId = risk.matchId() + "/" + kind + "/" + risk.day();
        alert.kind = kind;
        alert.raisedDay = risk.day();
        alert.raisedAt = risk.computedAt();
        alert.why = risk.why();
        alert.daysSilent = risk.daysSinceTwoWayContact();
        alert.heldOut = rules.holdout().heldOut(risk.matchId());
        alert.escalateAt = at.plus(rules.escalateAfter()).toString();
        book.open.put(kind, alert);

        List<DispatchRequest> nudges = new ArrayList<>();
        if (!alert.heldOut) {
            for (String[] party : new String[][] {{"mentor", book.mentorId}, {"mentee", book.menteeId}}) {
                if (party[1] != null) {
                    String zone = contacts.apply(party[1]).map(Contact::timezone).orElse(risk.timezone());
                    nudges.add(request(book, alert, Notification.NUDGE, at).to(party[1], party[0], zone));
                }
            }
        }
        // recorded with the alert: the first moment one of the pair may be nudged, their quiet hours respected
        String nudgeDue = nudges.stream().map(r -> rules.quietHours().nextAllowed(at, ZoneId.of(r.zone())))
                .min(Comparator.naturalOrder()).map(Instant::toString).orElse(null);
        out.transitions.add(transition(book, alert, AlertTransition.RAISED, at, risk.why(), AlertTransition.SYSTEM,
                alert.heldOut, nudgeDue));
        out.requests.addAll(nudges);
        if (!alert.heldOut && nudges.isEmpty()) {
            out.transitions.add(transition(book, alert, AlertTransition.DELIVERY_FAILED, at,
                    "no nudge: the match's mentor and mentee are not known (no match.created on the log)",
                    AlertTransition.SYSTEM));
        }
    }

    /** Applies one event of the match (who is in it, its status, its contacts, its managers' actions). */
    public AlertEffects onEvent(AlertBook book, MentorPulseEvent event) {
        AlertEffects out = new AlertEffects();
        Instant at = event.getTime();
        Object data = event.getData();
        if (data instanceof MatchCreated created) {
            book.matchId = created.getMatchId();
            book.programId = created.getProgramId();
            book.cohortId = created.getCohortId();
            book.mentorId = created.getMentorId();
            book.menteeId = created.getMenteeId();
        } else if (data instanceof MatchStatusChanged changed) {
            book.status = changed.getStatus().name();
        } else if (data instanceof MessageSent message) {
            contact(book, message.getSenderId(), at);
        } else if (data instanceof MeetingHeld meeting) {
            meeting.getAttendeeIds().forEach(id -> contact(book, id, at));
        } else if (data instanceof ResourceShared shared) {
            contact(book, shared.getSharerId(), at);
        } else if (data instanceof AlertAcknowledged ack) {
            for (AlertBook.OpenAlert alert : target(book, ack.getAlertId(), event)) {
                acknowledge(book, alert, at, ack.getStaffId(), "acknowledged", out);
            }
        } else if (data instanceof OutreachLogged outreach) {
            // outreach with no open alert is ordinary program work, not an action on an alert
            for (AlertBook.OpenAlert alert : List.copyOf(book.open.values())) {
                String outcome = outreach.getOutcome() == null ? "" : ": " + outreach.getOutcome();
                acknowledge(book, alert, at, outreach.getStaffId(),
                        "outreach by " + outreach.getChannel().name() + outcome, out);
            }
        } else if (data instanceof AlertSnoozed snooze) {
            for (AlertBook.OpenAlert alert : target(book, snooze.getAlertId(), event)) {
                alert.snoozedUntil = snooze.getUntil().toString();
                alert.wakeAt = snooze.getUntil().atStartOfDay(zone(book)).toInstant().toString();
                alert.escalateAt = null;
                out.transitions.add(transition(book, alert, AlertTransition.SNOOZED, at,
                        "until " + snooze.getUntil(), snooze.getStaffId()));
                out.requests.add(DispatchRequest.cancel(book.programId, alert.alertId, null));
            }
        } else if (data instanceof AlertAnnotated note) {
            for (AlertBook.OpenAlert alert : target(book, note.getAlertId(), event)) {
                out.transitions.add(transition(book, alert, AlertTransition.ANNOTATED, at, note.getNote(),
                        note.getStaffId()));
            }
        }
        return out;
    }

    /** Fires what has fallen due by {@code now}: a snoozed alert's waking, an escalation. */
    public AlertEffects onDue(AlertBook book, Instant now) {
        AlertEffects out = new AlertEffects();
        for (AlertBook.OpenAlert alert : book.open.values()) {
            if (alert.wakeAt != null && !Instant.parse(alert.wakeAt).isAfter(now)) {
                Instant woke = Instant.parse(alert.wakeAt);
                out.transitions.add(transition(book, alert, AlertTransition.UNSNOOZED, woke,
                        "the snooze until " + alert.snoozedUntil + " is over", AlertTransition.SYSTEM));
                alert.snoozedUntil = null;
                alert.wakeAt = null;
                if (alert.acknowledgedBy == null) {
                    alert.escalateAt = woke.plus(rules.escalateAfter()).toString();
                }
            }
            if (alert.wakeAt == null && alert.escalateAt != null && !Instant.parse(alert.escalateAt).isAfter(now)) {
                out.requests.add(request(book, alert, Notification.ESCALATION, Instant.parse(alert.escalateAt)));
                alert.escalateAt = null;
            }
        }
        return out;
    }

    private void acknowledge(AlertBook book, AlertBook.OpenAlert alert, Instant at, String staff, String cause,
            AlertEffects out) {
        alert.acknowledgedBy = staff;
        alert.escalateAt = null;
        out.transitions.add(transition(book, alert, AlertTransition.ACKNOWLEDGED, at, cause, staff));
        out.requests.add(DispatchRequest.cancel(book.programId, alert.alertId, Notification.ESCALATION));
    }

    private static void contact(AlertBook book, String participant, Instant at) {
        String role = participant.equals(book.mentorId) ? "mentor" : participant.equals(book.menteeId) ? "mentee" : null;
        String known = role == null ? null : book.lastContact.get(role);
        if (role != null && (known == null || Instant.parse(known).isBefore(at))) {
            book.lastContact.put(role, at.toString());
        }
    }

    /**
     * The open alerts a manager's action names: one by id, or all of the match's. An action on an alert that is
     * not open is refused with the reason (the app dead-letters it), rather than dropped.
     */
    private static List<AlertBook.OpenAlert> target(AlertBook book, String alertId, MentorPulseEvent event) {
        List<AlertBook.OpenAlert> found = book.open.values().stream()
                .filter(a -> alertId == null || a.alertId.equals(alertId)).toList();
        if (found.isEmpty()) {
            throw new IllegalArgumentException(event.getType() + " " + event.getId() + ": "
                    + (alertId == null ? "match " + event.getSubject() + " has no open alert"
                            : "alert " + alertId + " is not open"));
        }
        return found;
    }

    private static ZoneId zone(AlertBook book) {
        return ZoneId.of(book.timezone == null ? "UTC" : book.timezone);
    }

    private static DispatchRequest request(AlertBook book, AlertBook.OpenAlert alert, String purpose, Instant at) {
        return new DispatchRequest(false, purpose, alert.alertId, book.matchId, book.programId, book.cohortId,
                alert.kind, alert.raisedDay, null, Notification.MANAGER, null, alert.raisedAt, alert.why,
                alert.daysSilent, at.toString());
    }

    static AlertTransition transition(AlertBook book, AlertBook.OpenAlert alert, String transition, Instant at,
            String cause, String actor) {
        return transition(book, alert, transition, at, cause, actor, null, null);
    }

    /** {@code heldOut} and {@code nudgeDueAt}: what a {@code raised} transition records; null on the others. */
    private static AlertTransition transition(AlertBook book, AlertBook.OpenAlert alert, String transition, Instant at,
            String cause, String actor, Boolean heldOut, String nudgeDueAt) {
        return new AlertTransition(alert.alertId, book.matchId, book.programId, book.cohortId, alert.kind, transition,
                book.lastDay == null ? alert.raisedDay : book.lastDay, at.toString(), cause, actor, "", heldOut,
                nudgeDueAt, null);
    }
}
