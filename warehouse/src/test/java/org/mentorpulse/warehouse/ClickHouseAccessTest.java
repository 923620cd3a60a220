package org.mentorpulse.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mentorpulse.warehouse.ClickHouseAccess.Account;
import org.mentorpulse.warehouse.ClickHouseAccess.ResearchLimits;

class ClickHouseAccessTest {
    private static final ClickHouseAccess ACCESS = new ClickHouseAccess(
            new Account("mp_writer", "writer-password-0123"), new Account("mp_reader", "reader-password-0123"),
            new Account("mp_researcher", "researcher-password-01"), new ResearchLimits(1_000_000_000L, 60, 5000));

    @Test
    void theSqlRouteCreatesRolesProfilesAndUsersWithHashedPasswordsOnly() {
        assertThat(ACCESS.sql()).containsExactly(
                "CREATE ROLE IF NOT EXISTS mentorpulse_writer_role",
                "GRANT ALL ON mentorpulse*.* TO mentorpulse_writer_role",
                "GRANT TABLE ENGINE ON MergeTree, TABLE ENGINE ON ReplacingMergeTree TO mentorpulse_writer_role",
                "CREATE ROLE IF NOT EXISTS mentorpulse_reader_role",
                "GRANT SELECT ON mentorpulse.* TO mentorpulse_reader_role",
                "CREATE ROLE IF NOT EXISTS mentorpulse_researcher_role",
                "GRANT SELECT ON mentorpulse_research.* TO mentorpulse_researcher_role",
                "CREATE SETTINGS PROFILE OR REPLACE mentorpulse_reader SETTINGS readonly = 2",
                "CREATE SETTINGS PROFILE OR REPLACE mentorpulse_researcher SETTINGS readonly = 2, "
                        + "max_memory_usage = 1000000000 CONST, max_execution_time = 60 CONST, "
                        + "max_result_rows = 5000 CONST, result_overflow_mode = 'throw' CONST",
                "CREATE USER OR REPLACE mp_writer IDENTIFIED WITH sha256_hash BY '"
                        + ClickHouseAccess.sha256("writer-password-0123") + "'",
                "GRANT mentorpulse_writer_role TO mp_writer",
                "CREATE USER OR REPLACE mp_reader IDENTIFIED WITH sha256_hash BY '"
                        + ClickHouseAccess.sha256("reader-password-0123") + "' SETTINGS PROFILE 'mentorpulse_reader'",
                "GRANT mentorpulse_reader_role TO mp_reader",
                "CREATE USER OR REPLACE mp_researcher IDENTIFIED WITH sha256_hash BY '"
                        + ClickHouseAccess.sha256("researcher-password-01")
                        + "' SETTINGS PROFILE 'mentorpulse_researcher'",
                "GRANT mentorpulse_researcher_role TO mp_researcher");
        assertThat(String.join("\n", ACCESS.sql()) + ACCESS.usersXml())
                .doesNotContain("writer-password-0123", "reader-password-0123", "researcher-password-01");
    }

    @Test
    void theFileRouteGivesEachUserItsGrantsAndTheResearcherLimitsItCannotRaise() {
        assertThat(ACCESS.usersXml()).contains(
                "<grants><query>GRANT SELECT ON mentorpulse.*</query></grants>",
                "<grants><query>GRANT SELECT ON mentorpulse_research.*</query></grants>",
                "<profile>mentorpulse_researcher</profile>",
                "<password_sha256_hex>" + ClickHouseAccess.sha256("reader-password-0123") + "</password_sha256_hex>");
        assertThat(ACCESS.profilesXml()).contains("<max_result_rows>5000</max_result_rows>",
                "<max_result_rows><readonly/></max_result_rows>", "<max_execution_time>60</max_execution_time>");
        // a known vector: SHA-256 of "abc"
        assertThat(ClickHouseAccess.sha256("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void aShortPasswordOrAnOddUserNameIsRefused() {
        assertThatThrownBy(() -> new Account("mp_reader", "short")).hasMessageContaining("fewer than 16");
        assertThatThrownBy(() -> new Account("reader; DROP", "long-enough-password")).hasMessageContaining(
                "not a ClickHouse user name");
        assertThatThrownBy(() -> new ResearchLimits(0, 1, 1)).hasMessageContaining("positive");
    }
}
