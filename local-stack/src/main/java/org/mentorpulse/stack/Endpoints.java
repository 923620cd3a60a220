package org.mentorpulse.stack;

import java.sql.Connection;
import java.sql.SQLException;
import org.mentorpulse.warehouse.ClickHouseConnections;

/** Where the running stack's services can be reached: all the pipeline needs to know. */
public record Endpoints(String kafkaBootstrap, String clickhouseJdbcUrl, String clickhouseUser,
        String clickhousePassword) {

    public Connection openClickHouse() throws SQLException {
        return ClickHouseConnections.open(clickhouseJdbcUrl, clickhouseUser, clickhousePassword);
    }
}
