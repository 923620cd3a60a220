package org.mentorpulse.streams.alerts;

import java.util.ArrayList;
import java.util.List;
import org.mentorpulse.schema.AlertTransition;

/** What one step of an alert's life produces: transitions for the alerts topic, requests for the dispatcher. */
public final class AlertEffects {
    public final List<AlertTransition> transitions = new ArrayList<>();
    public final List<DispatchRequest> requests = new ArrayList<>();

    boolean isEmpty() {
        return transitions.isEmpty() && requests.isEmpty();
    }
}
