package org.mentorpulse.bench;

import java.util.Arrays;

/** Times one request, one at a time: a warm-up that is not counted, then the measured ones. */
final class RequestTimes {
    /** In milliseconds. */
    record Percentiles(double p50, double p95, double max) {}

    interface Request {
        void send() throws Exception;
    }

    private RequestTimes() {}

    static Percentiles of(int warmUps, int times, Request request) throws Exception {
        for (int i = 0; i < warmUps; i++) {
            request.send();
        }
        long[] micros = new long[times];
        for (int i = 0; i < times; i++) {
            long t0 = System.nanoTime();
            request.send();
            micros[i] = (System.nanoTime() - t0) / 1000;
        }
        double[] p = AlertLatencyBenchmark.percentiles(micros);
        return new Percentiles(p[0] / 1000, p[1] / 1000, Arrays.stream(micros).max().orElse(0) / 1000.0);
    }
}
