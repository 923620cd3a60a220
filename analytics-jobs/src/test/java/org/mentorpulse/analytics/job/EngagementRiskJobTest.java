package org.mentorpulse.analytics.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mentorpulse.analytics.testing.Events.at;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mentorpulse.analytics.engagement.MatchDay;
import org.mentorpulse.analytics.event.InteractionEvent;
import org.mentorpulse.analytics.late.LateEvent;
import org.mentorpulse.analytics.outcomes.MatchOutcome;
import org.mentorpulse.testkit.flink.CollectingSink;
import org.mentorpulse.analytics.testing.Events;

/**
 * The whole job on a Flink MiniCluster at parallelism 2, with collecting sinks: participant facts routed to
 * their matches from another part of the stream, events out of order on purpose, and one far too late.
 */
class EngagementRiskJobTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final LocalDate DAY0 = LocalDate.of(2026, 3, 2);

    @Test
    void zonesLearnedLateReshapeTheDaysAndAnEventBeyondTheLatenessIsSetAside() throws Exception {
        List<InteractionEvent> delivered = new ArrayList<>();
        delivered.add(Events.created(at(0, 16)));
        delivered.add(Events.forMatch("m-2", Events.created(at(0, 8))));
        delivered.add(Events.message("mentee", at(1, 9)));
        delivered.add(Events.message("mentor", at(1, 11)));
        delivered.add(Events.forMatch("m-2", Events.message("mentor", at(6, 9))));
        // the mentee's registration arrives after days were evaluated in UTC; routed from the participant's key
        InteractionEvent registration = Events.registered("mentee", "Asia/Tokyo", at(-1, 0));
        registration.matchId = null;
        delivered.add(registration);
        delivered.add(Events.meeting(at(12, 10)));
        delivered.add(Events.forMatch("m-2", Events.message("mentor", at(40, 9))));
        // a meeting of day 5 that arrives 35 days late
        InteractionEvent tooLate = Events.forMatch("m-2", Events.meeting(at(5, 10)));
        delivered.add(tooLate);
        delivered.add(Events.message("mentor", at(41, 9)));

        CollectingSink<InteractionEvent> events = new CollectingSink<>();
        CollectingSink<MatchDay> daily = new CollectingSink<>();
        CollectingSink<LateEvent> late = new CollectingSink<>();
        CollectingSink<MatchDay> risk = new CollectingSink<>();
        CollectingSink<MatchOutcome> outcomes = new CollectingSink<>();
        EngagementRiskJob job = new EngagementRiskJob(null, new EngagementRiskJob.Outputs(events, daily, late,
                new CollectingSink<>(), risk, outcomes, null),
                EngagementRiskJob.Options.defaults().forReplay());
        // As read from the Kafka source, each record says its partition (here one), and the job stamps it with the
        // partition's watermark as of that record. Lateness is judged by it, so the outcome does not depend on when
        // Flink's own watermark reaches the daily evaluation through its two input paths; nothing is paced.
        delivered.forEach(e -> e.logPartition = 0);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        job.attach(env.fromData(TypeInformation.of(InteractionEvent.class), delivered.toArray(InteractionEvent[]::new))
                .setParallelism(1).assignTimestampsAndWatermarks(job.watermarks()).setParallelism(1));
        env.execute("engagement-risk-job-test");

        assertThat(events.values()).hasSameSizeAs(delivered);
        // every row written is also published for the alerting app, but the withdrawn ones
        assertThat(risk.values()).hasSize((int) daily.values().stream().filter(d -> !d.deleted).count())
                .noneMatch(d -> d.deleted);
        Map<String, MatchDay> rows = finalRows(daily.values());

        // m-1 is counted in Tokyo days: created 01:00 on day 1 there; the UTC row of day 0 was withdrawn
        assertThat(rows).doesNotContainKey("m-1 " + DAY0);
        assertThat(rows.get("m-1 " + DAY0.plusDays(1)).timezone).isEqualTo("Asia/Tokyo");
        assertThat(rows.get("m-1 " + DAY0.plusDays(1)).twoWayContact).isTrue();
        assertThat(rows.values().stream().filter(d -> d.matchId.equals("m-1"))).allSatisfy(
                d -> assertThat(d.timezone).isEqualTo("Asia/Tokyo"));

        // m-2's late meeting is set aside for the closed days, but counts from the first open day on
        assertThat(late.values()).singleElement().satisfies(l -> {
            assertThat(l.id).isEqualTo(tooLate.id);
            assertThat(l.reason).isEqualTo(LateEvent.BEYOND_ALLOWED_LATENESS);
        });
        assertThat(rows.get("m-2 " + DAY0.plusDays(4)).daysSinceTwoWayContact).as("a closed day").isEqualTo(4);
        assertThat(rows.get("m-2 " + DAY0.plusDays(6)).daysSinceTwoWayContact).as("a closed day").isEqualTo(6);
        MatchDay day39 = rows.get("m-2 " + DAY0.plusDays(39));
        assertThat(day39.daysSinceTwoWayContact).isEqualTo(34);
        assertThat(day39.level).isEqualTo("stalled");

        // each match's newest outcome agrees with its kept rows: observed from its first to its last day, with
        // the two-way contact days of its first 30 days; but the outcome is taken as of the last day, which sees
        // m-2's meeting that came too late for the closed day 5 (and for its row)
        Map<String, MatchOutcome> newestOutcome = new HashMap<>();
        outcomes.values().forEach(o -> newestOutcome.merge(o.matchId, o, (a, b) -> b.version > a.version ? b : a));
        assertThat(newestOutcome).containsOnlyKeys("m-1", "m-2");
        for (MatchOutcome o : newestOutcome.values()) {
            List<MatchDay> kept = rows.values().stream().filter(d -> d.matchId.equals(o.matchId))
                    .sorted(java.util.Comparator.comparingInt(d -> d.day)).toList();
            assertThat(o.outcome).isEqualTo("active");
            assertThat(o.endDate).isNull();
            assertThat(o.startDate).as(o.matchId).isEqualTo(kept.get(0).day);
            assertThat(o.censorDate).as(o.matchId).isEqualTo(kept.get(kept.size() - 1).day);
            assertThat(o.durationDays).isEqualTo(o.censorDate - o.startDate);
            int tooLateForItsRow = o.matchId.equals("m-2") ? 1 : 0;
            assertThat(o.twoWayDays[0]).as(o.matchId + " two-way days in the first 30").isEqualTo(
                    (int) kept.stream().filter(d -> d.day < o.startDate + 30 && d.twoWayContact).count()
                            + tooLateForItsRow);
        }
        assertThat(newestOutcome.get("m-1").startDate).isEqualTo((int) DAY0.plusDays(1).toEpochDay());
    }

    /** The rows a ClickHouse table keeps under FINAL: the newest per (match, day), withdrawn ones dropped. */
    private static Map<String, MatchDay> finalRows(List<MatchDay> emitted) {
        Map<String, MatchDay> newest = new HashMap<>();
        for (MatchDay d : emitted) {
            newest.merge(d.matchId + " " + d.localDay(), d, (a, b) -> b.version > a.version ? b : a);
        }
        newest.values().removeIf(d -> d.deleted);
        return newest;
    }
}
