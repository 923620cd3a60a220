package org.mentorpulse.console;

import java.util.List;

/**
 * Matches by level, week by week, as a stacked bar chart in SVG drawn on the server: no script, no external
 * library, readable on a phone (it scales to the width), with a title and a text alternative for screen readers.
 */
public final class LevelChart {
    private static final String[][] LEVELS = {{"on track", "#4caf50"}, {"watch", "#ffc107"}, {"at risk", "#ff7043"},
            {"stalled", "#c62828"}};

    private LevelChart() {}

    public static String svg(List<TriageQueries.Week> weeks) {
        int width = 640;
        int height = 220;
        int top = 20;
        int bottom = 40;
        int max = weeks.stream().mapToInt(w -> w.stalled() + w.atRisk() + w.watch() + w.onTrack()).max().orElse(1);
        double barWidth = weeks.isEmpty() ? 0 : (double) width / weeks.size();
        StringBuilder out = new StringBuilder();
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" width=\"100%\" role=\"img\" aria-labelledby=\"levels-title levels-desc\">")
                .append("<title id=\"levels-title\">Matches by level at the end of each week</title>")
                .append("<desc id=\"levels-desc\">").append(describe(weeks)).append("</desc>");
        for (int i = 0; i < weeks.size(); i++) {
            TriageQueries.Week w = weeks.get(i);
            int[] counts = {w.onTrack(), w.watch(), w.atRisk(), w.stalled()};
            double y = height - bottom;
            for (int l = 0; l < counts.length; l++) {
                double h = (height - top - bottom) * (double) counts[l] / Math.max(1, max);
                y -= h;
                out.append(String.format(java.util.Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s %s: %d</title></rect>",
                        i * barWidth + 1, y, Math.max(1, barWidth - 2), h, LEVELS[l][1], escape(w.week()), LEVELS[l][0],
                        counts[l]));
            }
            // a label needs about 70 units: one every few weeks, none that the right edge would cut
            if (i % Math.max(1, weeks.size() / 6) == 0 && i * barWidth + 70 <= width) {
                out.append(String.format(java.util.Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">%s</text>",
                        i * barWidth + 1, height - bottom + 14, escape(w.week())));
            }
        }
        for (int l = 0; l < LEVELS.length; l++) {
            out.append(String.format(java.util.Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>",
                    l * 110, height - 12, LEVELS[l][1], l * 110 + 14, height - 3, LEVELS[l][0]));
        }
        return out.append("</svg>").toString();
    }

    /** The chart in words, for screen readers and tests: the latest week's counts. */
    static String describe(List<TriageQueries.Week> weeks) {
        if (weeks.isEmpty()) {
            return "No weeks evaluated yet.";
        }
        TriageQueries.Week last = weeks.get(weeks.size() - 1);
        return weeks.size() + " weeks. In the week of " + escape(last.week()) + ": " + last.onTrack() + " on track, "
                + last.watch() + " watch, " + last.atRisk() + " at risk, " + last.stalled() + " stalled.";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
