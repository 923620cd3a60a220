package org.mentorpulse.ingestion.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mentorpulse.ingestion.validation.FieldError;
import org.mentorpulse.ingestion.validation.RejectionCode;

class IngestionMetricsTest {

    @Test
    void countsOutcomesAndRejectionsByFieldInThePrometheusFormat() {
        IngestionMetrics metrics = new IngestionMetrics();
        metrics.accepted(3);
        metrics.duplicate();
        metrics.rejected(List.of(new FieldError("data.match_id", RejectionCode.MISSING, "required field is missing"),
                new FieldError("time", RejectionCode.INVALID_VALUE, "must be an RFC 3339 timestamp")));
        metrics.rejected(List.of(new FieldError("data.attendee_ids[4]", RejectionCode.MISSING, "must be a non-empty string"),
                new FieldError("data.attendee_ids[9]", RejectionCode.MISSING, "must be a non-empty string")));
        metrics.requestTook(Duration.ofMillis(12));

        String text = metrics.scrape();
        assertThat(text).contains("mentorpulse_ingestion_events_total{outcome=\"accepted\"} 3.0");
        assertThat(text).contains("mentorpulse_ingestion_events_total{outcome=\"rejected\"} 2.0");
        assertThat(text).contains("mentorpulse_ingestion_rejections_total{field=\"data.match_id\",reason=\"missing\"} 1.0");
        assertThat(text).contains("mentorpulse_ingestion_rejections_total{field=\"time\",reason=\"invalid_value\"} 1.0");
        assertThat(text).contains("mentorpulse_ingestion_events_total{outcome=\"duplicate\"} 1.0");
        assertThat(text).contains("mentorpulse_ingestion_rejections_total{field=\"data.attendee_ids[]\",reason=\"missing\"} 1.0");
        assertThat(text).contains("mentorpulse_ingestion_request_seconds_count 1");
    }
}
