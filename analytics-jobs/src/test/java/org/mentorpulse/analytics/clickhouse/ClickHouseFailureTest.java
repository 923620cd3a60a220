package org.mentorpulse.analytics.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import com.clickhouse.client.api.ServerException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ClickHouseFailureTest {
    @Test
    void badDataAndBadSchemaArePermanent() {
        assertThat(ClickHouseFailure.of(new SQLException("Code: 27. DB::Exception: Cannot parse input: expected '\\t'")))
                .isEqualTo(ClickHouseFailure.PERMANENT);
        assertThat(ClickHouseFailure.of(new SQLException("Code: 16. DB::Exception: No such column foo")))
                .isEqualTo(ClickHouseFailure.PERMANENT);
        assertThat(ClickHouseFailure.of(new SQLException("wrapper", new RuntimeException(
                "Code: 60. DB::Exception: Table mentorpulse.nope does not exist")))).isEqualTo(ClickHouseFailure.PERMANENT);
        assertThat(ClickHouseFailure.of(new ServerException(469, "Constraint `numeric` for table t is violated")))
                .isEqualTo(ClickHouseFailure.PERMANENT);
    }

    @Test
    void anAbsentOrOverloadedServerIsTransient() {
        assertThat(ClickHouseFailure.of(new SQLException("failed", new ConnectException("Connection refused"))))
                .isEqualTo(ClickHouseFailure.TRANSIENT);
        assertThat(ClickHouseFailure.of(new SQLException("Code: 252. DB::Exception: Too many parts (300)")))
                .isEqualTo(ClickHouseFailure.TRANSIENT);
        assertThat(ClickHouseFailure.of(new SQLException("Code: 241. DB::Exception: Memory limit exceeded")))
                .isEqualTo(ClickHouseFailure.TRANSIENT);
        assertThat(ClickHouseFailure.of(new SQLException("read failed", new IOException("Broken pipe"))))
                .isEqualTo(ClickHouseFailure.TRANSIENT);
        assertThat(ClickHouseFailure.of(new SQLException("no route", "08001"))).isEqualTo(ClickHouseFailure.TRANSIENT);
        assertThat(ClickHouseFailure.of(new ServerException(252, "Too many parts"))).isEqualTo(ClickHouseFailure.TRANSIENT);
    }

    @Test
    void withoutTheServersVerdictItIsWorthAnotherTry() {
        // rows are encoded before they are sent, so what fails without a server code is the way to the server
        assertThat(ClickHouseFailure.of(new IllegalStateException("Failed to get response")))
                .isEqualTo(ClickHouseFailure.TRANSIENT);
    }
}
