package org.mentorpulse.ingestion.http;

/**
 * One stage of the pipeline answering "are you working?": the ingestion API's event log, the deduplicator, the
 * identity resolver, the Flink job. A stage that has stopped, or that has input waiting and has not moved for
 * too long, is not healthy, whatever its process says.
 */
@FunctionalInterface
public interface StageHealth {
    Status check();

    /** {@link #check}, where a check that throws is a stage that cannot say it works. */
    default Status checkSafely() {
        try {
            return check();
        } catch (RuntimeException e) {
            return Status.stopped("its health check failed: " + e);
        }
    }

    /** @param detail what an operator needs to know: a state, how far behind, since when */
    record Status(boolean working, String detail) {
        public static Status working(String detail) {
            return new Status(true, detail);
        }

        public static Status stopped(String detail) {
            return new Status(false, detail);
        }
    }
}
