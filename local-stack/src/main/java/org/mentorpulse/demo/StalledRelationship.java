package org.mentorpulse.demo;

import java.time.LocalDate;

/** One row of the stalled-relationships view read back from ClickHouse. */
public record StalledRelationship(String matchId, String cohortId, int daysSilent, int thresholdDays,
        LocalDate lastTwoWayContact, int score, String why) {}
