package org.mentorpulse.streams.alerts;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.mentorpulse.schema.AlertTransition;
import org.mentorpulse.schema.Notification;

/**
 * A program's dispatcher, as plain Java: who a request goes to, and when it may go. A message goes in its
 * recipient's working hours ({@link QuietHours} in their zone) and within the program's daily cap; what would
 * exceed the cap waits for the next (UTC) day rather than being dropped. An escalation goes to each of the
 * program's managers.
 */
public final class Dispatcher {
    private final AlertRules rules;

    public Dispatcher(AlertRules rules) {
        this.rules = rules;
    }

    /** The request once per recipient: itself for a nudge, one per manager for an escalation (none if none). */
    public List<DispatchRequest> recipients(DispatchRequest request) {
        if (!Notification.ESCALATION.equals(request.purpose())) {
            return List.of(request);
        }
        return rules.managers().of(request.programId()).stream()
                .map(m -> request.to(m.id(), Notification.MANAGER, m.timezone() == null ? "UTC" : m.timezone()))
                .toList();
    }

    /**
     * The first moment the request may go, at or after {@code now}: {@code now} itself when it may go at once.
     *
     * @param sentToday how many of its purpose the program has sent on {@code now}'s UTC day
     */
    public Instant releaseAt(DispatchRequest request, Instant now, int sentToday) {
        Instant earliest = sentToday < rules.dailyCap(request.purpose()) ? now
                : capDay(now).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return rules.quietHours().nextAllowed(earliest, ZoneId.of(request.zone()));
    }

    /** The day a cap counts on. */
    public static LocalDate capDay(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    /** The transition that records a request going out ({@code nudged} or {@code escalated}). */
    public AlertTransition sent(DispatchRequest request, Instant now) {
        String transition = Notification.NUDGE.equals(request.purpose()) ? AlertTransition.NUDGED
                : AlertTransition.ESCALATED;
        String channels = Notification.NUDGE.equals(request.purpose()) ? "email"
                : rules.managers().byId(request.recipientId()).map(m -> String.join(",", m.channels())).orElse("");
        return new AlertTransition(request.alertId(), request.matchId(), request.programId(), request.cohortId(),
                request.kind(), transition, request.day(), now.toString(),
                transition + " the " + request.recipientRole(), AlertTransition.SYSTEM, channels, null, null,
                request.recipientId());
    }

    /** The notification the notifier renders and delivers. */
    public Notification notification(DispatchRequest request, Instant now) {
        return new Notification(request.notificationId(), request.purpose(), request.recipientId(),
                request.recipientRole(), request.programId(), now.toString(),
                List.of(new Notification.AlertSummary(request.alertId(), request.matchId(), request.cohortId(),
                        request.kind(), request.raisedAt(), request.why(), request.daysSilent())));
    }

    /** An escalation that has nobody to go to: recorded as a failed delivery, so it is seen, not lost. */
    public AlertTransition nobodyToEscalateTo(DispatchRequest request, Instant now) {
        return new AlertTransition(request.alertId(), request.matchId(), request.programId(), request.cohortId(),
                request.kind(), AlertTransition.DELIVERY_FAILED, request.day(), now.toString(),
                "no program manager is configured for program " + request.programId() + " (alerts.managers-file)",
                AlertTransition.SYSTEM, "", null, null, null);
    }
}
