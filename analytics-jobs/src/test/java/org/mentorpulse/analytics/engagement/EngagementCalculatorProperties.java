package org.mentorpulse.analytics.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.mentorpulse.analytics.event.InteractionEvent;
import org.mentorpulse.analytics.testing.MatchDays;
import org.mentorpulse.analytics.testing.RandomMatches;

/**
 * The calculator that counts from running totals gives, for every day, the row the plain passes over the whole
 * history give ({@link ReferenceEngagementCalculator}): for random matches with every kind of event, delivered in
 * a random order with repeats, and evaluated between arrivals as the job does, so that totals derived before a
 * late event must be dropped when it comes. The seed is fixed, so every run tries the same matches.
 */
class EngagementCalculatorProperties {
    private static final String SEED = "20261206";
    private static final int DAYS = RandomMatches.DAYS;

    @Property(tries = 400, seed = SEED)
    void everyDayEqualsThePlainPassesOverTheHistory(@ForAll long matchSeed) {
        Random random = new Random(matchSeed);
        List<InteractionEvent> events = RandomMatches.match(random);
        Integer defaultCadence = random.nextBoolean() ? null : 7 + random.nextInt(21);
        MatchHistory history = new MatchHistory();
        for (InteractionEvent e : events) {
            history.apply(e);
            if (random.nextInt(4) == 0) {
                int day = firstDay() + random.nextInt(DAYS + 10) - 5;
                assertSameDay(history, day, defaultCadence);
            }
        }
        for (int day = firstDay() - 2; day <= firstDay() + DAYS + 60; day++) {
            assertSameDay(history, day, defaultCadence);
        }
    }

    /**
     * A history keeps its facts sorted by time and id, one of each, whatever order they came in: the same events
     * delivered shuffled with repeats, and delivered once each in time order, give every day the same row.
     */
    @Property(tries = 300, seed = SEED)
    void theHistoryDoesNotDependOnTheDeliveryOrder(@ForAll long matchSeed) {
        List<InteractionEvent> delivered = RandomMatches.match(new Random(matchSeed));
        List<InteractionEvent> inOrder = new ArrayList<>(new LinkedHashSet<>(delivered));
        inOrder.sort(Comparator.comparingLong((InteractionEvent e) -> e.eventTime)
                .thenComparing(e -> e.id, Comparator.nullsFirst(Comparator.naturalOrder())));
        MatchHistory shuffled = new MatchHistory();
        delivered.forEach(shuffled::apply);
        MatchHistory sorted = new MatchHistory();
        inOrder.forEach(sorted::apply);
        for (int day = firstDay() - 2; day <= firstDay() + DAYS + 60; day++) {
            assertThat(MatchDays.columns(EngagementCalculator.evaluate(shuffled, day, null)))
                    .as("day %s", LocalDate.ofEpochDay(day))
                    .isEqualTo(MatchDays.columns(EngagementCalculator.evaluate(sorted, day, null)));
        }
    }

    private static int firstDay() {
        return (int) LocalDate.of(2026, 3, 2).toEpochDay();
    }

    private static void assertSameDay(MatchHistory history, int day, Integer defaultCadence) {
        MatchDay fast = EngagementCalculator.evaluate(history, day, defaultCadence);
        MatchDay reference = ReferenceEngagementCalculator.evaluate(history, day, defaultCadence);
        assertThat(MatchDays.columns(fast)).as("day %s", LocalDate.ofEpochDay(day)).isEqualTo(MatchDays.columns(reference));
    }

}
