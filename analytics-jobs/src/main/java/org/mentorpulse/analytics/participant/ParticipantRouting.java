package org.mentorpulse.analytics.participant;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.mentorpulse.analytics.event.InteractionEvent;
import org.mentorpulse.schema.EventTypes;

/**
 * Brings participant events to the matches they concern. Keyed by participant id, it learns which matches a
 * participant belongs to (from {@code match.created}, routed here once for the mentor and once for the
 * mentee) and forwards, addressed to each of those matches:
 * <ul>
 *   <li>the participant's registration (its time zone: a match's days are local days, and off-hours are
 *       judged in each party's zone);</li>
 *   <li>cohort session attendance, to the matches in that cohort.</li>
 * </ul>
 * Whichever arrives first, the other is forwarded when the second comes, so the order of the log does not
 * matter. A participant's erasure clears what is kept here.
 *
 * <p>Why a keyed stage rather than broadcasting the directory: every participant's facts would then be kept
 * in every parallel instance; keyed by participant, each instance keeps its share.
 */
public class ParticipantRouting extends KeyedProcessFunction<String, InteractionEvent, InteractionEvent> {
    private static final long serialVersionUID = 1L;

    private transient ValueState<InteractionEvent> registration;
    /** match id -> its cohort id */
    private transient MapState<String, String> matches;
    private transient ListState<InteractionEvent> attendance;

    @Override
    public void open(OpenContext openContext) {
        registration = getRuntimeContext().getState(new ValueStateDescriptor<>("registration", InteractionEvent.class));
        matches = getRuntimeContext().getMapState(new MapStateDescriptor<>("matches", String.class, String.class));
        attendance = getRuntimeContext().getListState(new ListStateDescriptor<>("attendance", InteractionEvent.class));
    }

    /** The key of this stage: the participant an event is about (match.created is split per participant). */
    public static List<InteractionEvent> perParticipant(InteractionEvent e) {
        List<InteractionEvent> out = new ArrayList<>(2);
        if (e.is(EventTypes.MATCH_CREATED)) {
            for (String participant : new String[] {e.mentorId, e.menteeId}) {
                if (participant != null) {
                    InteractionEvent membership = e.routedTo(e.matchId);
                    membership.actorId = participant;
                    out.add(membership);
                }
            }
        } else if (e.isParticipantScoped() && e.actorId != null) {
            out.add(e);
        }
        return out;
    }

    @Override
    public void processElement(InteractionEvent e, Context ctx, Collector<InteractionEvent> out) throws Exception {
        switch (e.type) {
            case EventTypes.MATCH_CREATED -> {
                if (matches.contains(e.matchId)) {
                    return;
                }
                matches.put(e.matchId, e.cohortId == null ? "" : e.cohortId);
                InteractionEvent registered = registration.value();
                if (registered != null) {
                    out.collect(registered.routedTo(e.matchId));
                }
                for (InteractionEvent session : attendance.get()) {
                    if (sameCohort(session, e.cohortId)) {
                        out.collect(session.routedTo(e.matchId));
                    }
                }
            }
            case EventTypes.PARTICIPANT_REGISTERED -> {
                InteractionEvent known = registration.value();
                if (known != null && known.eventTime > e.eventTime) {
                    return; // an older registration arriving late does not override the newer one
                }
                registration.update(e);
                for (String match : matches.keys()) {
                    out.collect(e.routedTo(match));
                }
            }
            case EventTypes.COHORT_SESSION_ATTENDED -> {
                attendance.add(e);
                for (var m : matches.entries()) {
                    if (sameCohort(e, m.getValue())) {
                        out.collect(e.routedTo(m.getKey()));
                    }
                }
            }
            case EventTypes.PARTICIPANT_ERASED -> {
                registration.clear();
                matches.clear();
                attendance.clear();
            }
            default -> { }
        }
    }

    private static boolean sameCohort(InteractionEvent session, String cohortId) {
        return session.cohortId == null || cohortId == null || cohortId.isEmpty() || session.cohortId.equals(cohortId);
    }
}
