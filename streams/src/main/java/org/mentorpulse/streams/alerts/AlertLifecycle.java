package org.mentorpulse.streams.alerts;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.mentorpulse.schema.AlertTransition;
import org.mentorpulse.schema.RiskChange;

/**
 * The rules of an alert's life, as plain Java: one open alert per match and kind, raised when the match enters
 * the level, resolved when it leaves it; a stalled alert supersedes an open at_risk one.
 *
 * <ul>
 *   <li>The newest day decides. A correction of an older day than the newest one seen for the match changes
 *       nothing: when late data changes today's level, the analytics publish today's row again.</li>
 *   <li>Only recent days act ({@code recentDays} behind the newest day evaluated anywhere): a replay or a
 *       backfill publishes the past again, and the past must not alert again.</li>
 *   <li>A raised alert records whether the match is held out of nudges ({@link Holdout}) and, if not, when the
 *       pair may be nudged ({@link QuietHours} in the match's zone).</li>
 * </ul>
 */
public final class AlertLifecycle {
    private AlertLifecycle() {}

    /**
     * Applies one day's risk to the match's book and returns the transitions it causes, oldest first.
     *
     * @param newestDay the newest day evaluated for any match so far (ISO date), this one included
     */
    public static List<AlertTransition> apply(AlertBook book, RiskChange risk, String newestDay, AlertRules rules) {
        List<AlertTransition> out = new ArrayList<>();
        LocalDate day = LocalDate.parse(risk.day());
        if (book.lastDay != null && day.isBefore(LocalDate.parse(book.lastDay))) {
            return out;
        }
        book.lastDay = risk.day();
        if (day.isBefore(LocalDate.parse(newestDay).minusDays(rules.recentDays()))) {
            return out;
        }
        Set<String> wanted = switch (risk.level()) {
            case AlertTransition.STALLED -> Set.of(AlertTransition.STALLED);
            case AlertTransition.AT_RISK -> Set.of(AlertTransition.AT_RISK);
            default -> Set.of();
        };
        for (String kind : List.copyOf(book.open.keySet())) {
            if (!wanted.contains(kind)) {
                String cause = wanted.contains(AlertTransition.STALLED)
                        ? "superseded: the match is stalled" : "the level is now " + risk.level();
                out.add(transition(risk, book.open.remove(kind).alertId(), kind, AlertTransition.RESOLVED, cause, null,
                        null));
            }
        }
        for (String kind : wanted) {
            if (!book.open.containsKey(kind)) {
                String alertId = risk.matchId() + "/" + kind + "/" + risk.day();
                boolean heldOut = rules.holdout().heldOut(risk.matchId());
                // the match's zone is its mentee's (else its mentor's): the nudge waits for their working hours
                String nudgeDue = heldOut ? null : rules.quietHours().nextAllowed(Instant.parse(risk.computedAt()),
                        ZoneId.of(risk.timezone())).toString();
                book.open.put(kind, new AlertBook.OpenAlert(alertId, risk.day(), heldOut, nudgeDue));
                out.add(transition(risk, alertId, kind, AlertTransition.RAISED, risk.why(), heldOut, nudgeDue));
            }
        }
        return out;
    }

    private static AlertTransition transition(RiskChange risk, String alertId, String kind, String transition,
            String cause, Boolean heldOut, String nudgeDueAt) {
        return new AlertTransition(alertId, risk.matchId(), risk.programId(), risk.cohortId(), kind, transition,
                risk.day(), risk.computedAt(), cause, AlertTransition.SYSTEM, "", heldOut, nudgeDueAt);
    }
}
