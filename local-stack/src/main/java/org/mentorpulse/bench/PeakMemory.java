package org.mentorpulse.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mentorpulse.stack.StackState;

/**
 * The peak resident memory of each process of the stack and of this one, as Linux records it ({@code VmHWM} in
 * {@code /proc/<pid>/status}: the high-water mark since the process started). Kept as the largest seen over the
 * calls, so processes that are gone by the end still count.
 */
final class PeakMemory {
    private final Map<String, Long> peakKb = new LinkedHashMap<>();

    /** Reads the processes now. */
    void sample(StackState stack) {
        record("this process (CLI, Flink job, benchmarks)", ProcessHandle.current().pid());
        if (stack.kafka() != null) {
            record("Kafka broker", stack.kafka().pid());
        }
        if (stack.clickhouse() != null) {
            record("ClickHouse", stack.clickhouse().pid());
        }
        if (stack.mail() != null) {
            record("mail catcher", stack.mail().pid());
        }
    }

    private void record(String process, Long pid) {
        if (pid == null) {
            return;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid.toString(), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    peakKb.merge(process, kb, Math::max);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process is gone, or this is not Linux: nothing to read
        }
    }

    /** Process name -> peak resident MiB. */
    Map<String, Long> peaksMiB() {
        Map<String, Long> mib = new LinkedHashMap<>();
        peakKb.forEach((process, kb) -> mib.put(process, kb / 1024));
        return mib;
    }
}
