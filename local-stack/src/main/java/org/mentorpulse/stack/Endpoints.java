package org.mentorpulse.stack;

import org.mentorpulse.stack.StackState.MailState;

import java.sql.Connection;
import java.sql.SQLException;
import org.mentorpulse.warehouse.ClickHouseConnections;

/**
 * Where the running stack's services can be reached: all the pipeline needs to know.
 *
 * @param mail the local mail catcher, or null when the notifier uses the configured {@code notify.smtp.*}
 */
public record Endpoints(String kafkaBootstrap, String clickhouseJdbcUrl, String clickhouseUser,
        String clickhousePassword, MailState mail) {

    public Connection openClickHouse() throws SQLException {
        return ClickHouseConnections.open(clickhouseJdbcUrl, clickhouseUser, clickhousePassword);
    }
}
