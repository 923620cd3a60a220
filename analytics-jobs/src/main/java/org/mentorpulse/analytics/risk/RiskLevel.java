package org.mentorpulse.analytics.risk;

/** Commitment-risk levels of SPEC 5, spelled as they appear in ClickHouse and on dashboards. */
public enum RiskLevel {
    on_track, watch, at_risk, stalled, ended
}
