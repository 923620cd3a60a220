package org.mentorpulse.analytics.risk;

import java.time.Instant;
import java.time.LocalDate;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.mentorpulse.analytics.engagement.MatchDay;
import org.mentorpulse.schema.RiskChange;
import org.mentorpulse.schema.Topics;

/** A day's risk as the alerting app reads it from {@link Topics#RISK_LOG}. */
public final class RiskChanges {
    private RiskChanges() {}

    public static RiskChange of(MatchDay d) {
        return new RiskChange(d.matchId, d.programId, d.cohortId, LocalDate.ofEpochDay(d.day).toString(), d.timezone,
                d.score, d.level, RiskFactor.byName(d.factorPointArray), d.why, d.daysSinceTwoWayContact,
                d.stallThresholdDays, Instant.ofEpochMilli(d.version / 1000).toString());
    }

    /** The Kafka record of a day's risk: keyed by match, so the topic compacts to each match's latest. */
    public static final class Records implements KafkaRecordSerializationSchema<MatchDay> {
        private static final long serialVersionUID = 1L;

        @Override
        public ProducerRecord<byte[], byte[]> serialize(MatchDay d, KafkaSinkContext context, Long timestamp) {
            return new ProducerRecord<>(Topics.RISK, Topics.RISK_LOG.keys().serializer().serialize(Topics.RISK, d.matchId),
                    Topics.RISK_LOG.valueBytes(of(d)));
        }
    }
}
