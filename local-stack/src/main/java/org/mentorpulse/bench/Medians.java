package org.mentorpulse.bench;

import java.util.List;

/** Medians of benchmark rounds: one bad round on a shared two-core machine should not move the figure. */
final class Medians {
    private Medians() {}

    /** The median of one column of the rounds' figures. */
    static double of(List<double[]> rounds, int column) {
        double[] values = rounds.stream().mapToDouble(r -> r[column]).sorted().toArray();
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    /** The median of a list of figures. */
    static double median(List<Double> values) {
        return of(values.stream().map(v -> new double[] {v}).toList(), 0);
    }
}
