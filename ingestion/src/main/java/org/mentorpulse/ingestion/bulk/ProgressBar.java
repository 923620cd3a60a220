package org.mentorpulse.ingestion.bulk;

import java.io.PrintStream;

/** One line on the terminal, redrawn at most twice a second: how far, how fast, how many refused. */
final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final String label;
    private final long total;
    private final long started = System.nanoTime();
    private long lastDrawn;

    ProgressBar(PrintStream out, String label, long totalBytes) {
        this.out = out;
        this.label = label;
        this.total = Math.max(1, totalBytes);
    }

    void update(long bytes, long records, long rejected, boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastDrawn < 500_000_000L) {
            return;
        }
        lastDrawn = now;
        double fraction = Math.min(1.0, (double) bytes / total);
        int filled = (int) (fraction * WIDTH);
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        out.printf("\r%s [%s%s] %3.0f%%  %,d records  %,.0f/s  %,d rejected", label, "=".repeat(filled),
                " ".repeat(WIDTH - filled), fraction * 100, records, records / seconds, rejected);
        if (force) {
            out.println();
        }
        out.flush();
    }
}
