package org.mentorpulse.analytics.rejected;

import java.util.ArrayList;
import java.util.List;

/** One dead letter as a row of {@code mentorpulse.rejected_events} (a Flink POJO). */
public class RejectedEvent {
    public long rejectedAt;
    public String rejectedBy = "";
    public String rejectorVersion = "";
    public String sender = "";
    public String source = "";
    public String eventId = "";
    public String eventType = "";
    public List<String> fields = new ArrayList<>();
    public List<String> codes = new ArrayList<>();
    public List<String> reasons = new ArrayList<>();
    public String originalPayload = "";
    public int dlqPartition;
    public long dlqOffset;

    public RejectedEvent() {}
}
