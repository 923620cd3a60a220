package org.mentorpulse.demo;

import java.time.LocalDate;

/** One row of the stalled-relationships view read back from ClickHouse. */
public record StalledRelationship(String matchId, String cohortId, int daysSilent, LocalDate lastTwoWayContact,
        int score) {}
