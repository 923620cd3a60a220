package org.mentorpulse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PipelineStatusTest {
    @Test
    void aStoppedStageIsNamedWithItsDetailAndThePipelineIsNotReady() throws Exception {
        PipelineStatus.Report report = PipelineStatus.describe("http://127.0.0.1:18081/readyz", """
                {"status":"not ready","stages":{
                  "ingestion":{"working":true,"detail":"event log reachable"},
                  "deduplicator":{"working":false,"detail":"Kafka Streams state ERROR"}}}
                """);

        assertThat(report.answered()).isTrue();
        assertThat(report.ready()).isFalse();
        assertThat(report.text().lines()).containsExactly(
                "  pipeline         NOT READY  (http://127.0.0.1:18081/readyz)",
                "                     ingestion          working  event log reachable",
                "                     deduplicator       STOPPED  Kafka Streams state ERROR");
    }

    @Test
    void nothingListeningMeansNoPipelineRuns() {
        // port 1 on loopback: nothing listens there for an unprivileged test, so the connection is refused at once
        PipelineStatus.Report report = PipelineStatus.ask("127.0.0.1", 1);
        assertThat(report.answered()).isFalse();
        assertThat(report.text()).contains("not running");
    }
}
