package org.mentorpulse.stack;

import org.mentorpulse.stack.StackState.MailState;

import java.sql.Connection;
import java.sql.SQLException;
import org.mentorpulse.analytics.clickhouse.ClickHouseTarget;
import org.mentorpulse.warehouse.ClickHouseAccess.Account;
import org.mentorpulse.warehouse.ClickHouseConnections;

/**
 * Where the running stack's services can be reached: all the pipeline needs to know.
 *
 * @param clickhouseUser who the stack's own commands (migrations, tests, benchmarks) connect to ClickHouse as
 * @param writer the pipeline's user, or null where its password is not known here (the pipeline then connects
 *     as {@code clickhouseUser})
 * @param reader the read-only user of the dashboards and the console
 * @param researcher the read-only user of the research database
 * @param mail the local mail catcher, or null when the notifier uses the configured {@code notify.smtp.*}
 */
public record Endpoints(String kafkaBootstrap, String clickhouseJdbcUrl, String clickhouseUser,
        String clickhousePassword, Account writer, Account reader, Account researcher, MailState mail) {

    /** Where and as whom the pipeline's jobs write: the writer, into {@code database}. */
    public ClickHouseTarget pipelineTarget(String database) {
        return writer != null
                ? new ClickHouseTarget(clickhouseJdbcUrl, writer.user(), writer.password(), database)
                : new ClickHouseTarget(clickhouseJdbcUrl, clickhouseUser, clickhousePassword, database);
    }

    public Connection openClickHouse() throws SQLException {
        return ClickHouseConnections.open(clickhouseJdbcUrl, clickhouseUser, clickhousePassword);
    }

    /** A connection as the dashboard reader: what Grafana and the triage console see. */
    public Connection openClickHouseAsReader() throws SQLException {
        return ClickHouseConnections.open(clickhouseJdbcUrl, known(reader, "reader").user(), reader.password());
    }

    /** A connection as the researcher: the research database only, within its limits. */
    public Connection openClickHouseAsResearcher() throws SQLException {
        return ClickHouseConnections.open(clickhouseJdbcUrl, known(researcher, "researcher").user(),
                researcher.password());
    }

    private static Account known(Account account, String who) {
        if (account == null) {
            throw new StackException("the ClickHouse " + who + "'s password is not configured (clickhouse." + who
                    + "-password)");
        }
        return account;
    }
}
