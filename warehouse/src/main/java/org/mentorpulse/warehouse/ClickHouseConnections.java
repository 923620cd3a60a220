package org.mentorpulse.warehouse;

import com.clickhouse.client.api.Client;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/** Opens JDBC connections and Java clients to ClickHouse the same way everywhere (CLI, sinks, tests). */
public final class ClickHouseConnections {
    private static final java.sql.Driver DRIVER = new com.clickhouse.jdbc.Driver();

    private ClickHouseConnections() {}

    /**
     * The user and password are always passed explicitly: without a password the 0.9 driver sends the literal
     * string "null", which a server with an empty password refuses.
     */
    public static Connection open(String jdbcUrl, String user, String password) throws SQLException {
        return open(jdbcUrl, user, password, new Properties());
    }

    /** With further driver properties (e.g. for bulk inserts). */
    public static Connection open(String jdbcUrl, String user, String password, Properties driverProperties)
            throws SQLException {
        Properties props = new Properties();
        props.putAll(driverProperties);
        props.setProperty("user", user);
        props.setProperty("password", password == null ? "" : password);
        // the driver itself, not DriverManager: on a Flink cluster each job has a class loader of its own, and
        // DriverManager only hands out a driver registered from the caller's loader, i.e. the first job's
        Connection c = DRIVER.connect(jdbcUrl, props);
        if (c == null) {
            throw new SQLException("not a ClickHouse JDBC URL: " + jdbcUrl);
        }
        return c;
    }

    /**
     * A Java client (HTTP, for bulk inserts and long statements) to the server of a JDBC URL, as the same user;
     * the caller adds its own timeouts and retries and builds it.
     */
    public static Client.Builder client(String jdbcUrl, String user, String password) {
        return new Client.Builder()
                .addEndpoint(httpUrlOf(jdbcUrl))
                .setUsername(user)
                .setPassword(password == null ? "" : password);
    }

    /** The server's HTTP address of a JDBC URL: jdbc:clickhouse:http://host:port/db?x -> http://host:port. */
    public static String httpUrlOf(String jdbcUrl) {
        String rest = jdbcUrl.replaceFirst("^jdbc:(clickhouse|ch):", "");
        java.net.URI uri = java.net.URI.create(rest.startsWith("http") ? rest : "http://" + rest.replaceFirst("^//", ""));
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    }
}
