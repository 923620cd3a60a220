package org.mentorpulse.streams.alerts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.TreeMap;

/**
 * What the alerting app knows of one match: the newest local day it has seen the match's risk for, and its open
 * alerts by kind (at most one per kind). Kept in a state store, changelogged, so a restart resumes it.
 */
public final class AlertBook {
    /** the newest day seen (ISO date); an older day's correction does not change the alerts */
    @JsonProperty("last_day")
    public String lastDay;
    /** kind -> the open alert */
    @JsonProperty("open")
    public TreeMap<String, OpenAlert> open = new TreeMap<>();

    /** @param nudgeDueAt when the pair may be nudged (RFC 3339); null for a held-out match */
    public record OpenAlert(@JsonProperty("alert_id") String alertId, @JsonProperty("raised_day") String raisedDay,
            @JsonProperty("held_out") boolean heldOut, @JsonProperty("nudge_due_at") String nudgeDueAt) {}
}
