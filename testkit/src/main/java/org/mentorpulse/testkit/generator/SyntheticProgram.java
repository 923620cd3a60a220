package org.mentorpulse.testkit.generator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * A generated program: its CloudEvents in delivery order, and the ground truth of what was planted in each
 * match, kept apart from the events so that a test or a benchmark can score the pipeline against it.
 */
public record SyntheticProgram(String programId, String eventIdPrefix, LocalDate start, int days, List<ObjectNode> events,
        List<PlantedMatch> matches) {

    /** The program without its events (once they are in a log, the rest is small enough to keep). */
    public SyntheticProgram withoutEvents() {
        return new SyntheticProgram(programId, eventIdPrefix, start, days, List.of(), matches);
    }

    /**
     * How many silent days make a match stalled, from the program and its agreed cadence: the risk settings'
     * rule (the analytics' {@code RiskModel::stallThresholdDays}), passed in so the kit does not depend on it.
     */
    @FunctionalInterface
    public interface StallThreshold {
        int days(String programId, int meetingEveryDays);
    }

    /** The relationship patterns a risk model must tell apart. */
    public enum Archetype {
        /** meets and writes back and forth until the end */
        healthy,
        /** engaged at first, then only unanswered messages from the mentor, then nothing */
        fading,
        /** matched, one unanswered message, never met */
        never_started,
        /** one kick-off meeting, then only the mentee writes; nobody answers */
        one_sided,
        /** meetings are booked but often cancelled or missed; some happen */
        unreliable,
        /** healthy, then silent for four to five weeks, then back on track */
        recovering,
        /**
         * healthy, but every event after the match's creation reaches the pipeline 1 to 10 days after it
         * happened (e-mail metadata synced nightly, surveys uploaded weekly): within the allowed lateness
         */
        late_data
    }

    /**
     * twoWayContacts: every two-way contact of the pair, in time order (empty if they never had one);
     * zone: the mentee's, in which the match's days are counted; meetingEveryDays: the agreed cadence;
     * closedEarlyAt: when the generator's closure process closed it early, before the program's last day (null
     * if it did not; see {@code SyntheticProgramGenerator.Closures}).
     */
    public record PlantedMatch(String matchId, String cohortId, Archetype archetype, Instant created,
            List<Instant> twoWayContacts, ZoneId zone, int meetingEveryDays, Instant closedEarlyAt) {

        /** The last two-way contact on or before the given local day, or null: what a day's evaluation can see. */
        public Instant lastTwoWayContactBy(LocalDate day) {
            Instant last = null;
            for (Instant contact : twoWayContacts) {
                if (!contact.atZone(zone).toLocalDate().isAfter(day)) {
                    last = contact;
                }
            }
            return last;
        }

        public long daysSilentAt(LocalDate day) {
            Instant last = lastTwoWayContactBy(day);
            Instant from = last != null ? last : created;
            return day.toEpochDay() - from.atZone(zone).toLocalDate().toEpochDay();
        }

        /** Stalled on the day, by the SPEC's definition and the program's risk settings. */
        public boolean stalledAt(LocalDate day, String programId, StallThreshold threshold) {
            return daysSilentAt(day) > threshold.days(programId, meetingEveryDays);
        }
    }

    /** The last day whose evaluation every match is sure to reach: the watermark trails the newest event. */
    public LocalDate evaluationDay() {
        return start.plusDays(days - 4);
    }

    /** Matches silent for more than their stall threshold on the given day, by construction. */
    public List<PlantedMatch> plantedStalls(LocalDate day, StallThreshold threshold) {
        return matches.stream().filter(m -> m.stalledAt(day, programId, threshold)).toList();
    }
}
