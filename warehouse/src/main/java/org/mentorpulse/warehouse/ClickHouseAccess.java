package org.mentorpulse.warehouse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Who may do what in ClickHouse (SPEC 8), defined once and written two ways: as SQL ({@code CREATE ROLE},
 * {@code CREATE SETTINGS PROFILE}, {@code CREATE USER}, {@code GRANT}) for a server with writable access storage,
 * and as a users file with {@code <grants>} for one without (the local chDB-based server).
 *
 * <ul>
 *   <li>the <b>writer</b> (the pipeline): everything on the {@code mentorpulse} databases (the live one, the
 *       research one, and the ones replays and benchmarks make beside them), nothing else;</li>
 *   <li>the <b>reader</b> (Grafana, the triage console): reads {@code mentorpulse} only;</li>
 *   <li>the <b>researcher</b>: reads {@code mentorpulse_research} only, within limits on memory, time and result
 *       rows that the researcher cannot raise.</li>
 * </ul>
 */
public final class ClickHouseAccess {
    /** A user and its password (kept only as a SHA-256 by the server). */
    public record Account(String user, String password) {
        public Account {
            if (!user.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("not a ClickHouse user name: '" + user + "'");
            }
            if (password.length() < 16) {
                throw new IllegalArgumentException("the password of ClickHouse user " + user
                        + " has fewer than 16 characters");
            }
        }
    }

    /** What a researcher's query may use at most. */
    public record ResearchLimits(long maxMemoryBytes, int maxExecutionSeconds, long maxResultRows) {
        public ResearchLimits {
            if (maxMemoryBytes <= 0 || maxExecutionSeconds <= 0 || maxResultRows <= 0) {
                throw new IllegalArgumentException("research query limits are positive");
            }
        }
    }

    public static final String WRITER_ROLE = "mentorpulse_writer_role";
    public static final String READER_ROLE = "mentorpulse_reader_role";
    public static final String RESEARCHER_ROLE = "mentorpulse_researcher_role";
    static final String READER_PROFILE = "mentorpulse_reader";
    static final String RESEARCHER_PROFILE = "mentorpulse_researcher";

    /** {@code mentorpulse*}: the live and research databases and those replays and benchmarks create beside them. */
    static final String WRITER_GRANT = "GRANT ALL ON mentorpulse*.*";
    /** the engines the schema uses (MergeTree for the migrations' ledger); the server asks for a grant per engine */
    static final String WRITER_ENGINES = "GRANT TABLE ENGINE ON MergeTree, TABLE ENGINE ON ReplacingMergeTree";
    static final String READER_GRANT = "GRANT SELECT ON " + SchemaMigrator.MAIN_DATABASE + ".*";
    static final String RESEARCHER_GRANT = "GRANT SELECT ON mentorpulse_research.*";

    private final Account writer;
    private final Account reader;
    private final Account researcher;
    private final ResearchLimits limits;

    public ClickHouseAccess(Account writer, Account reader, Account researcher, ResearchLimits limits) {
        this.writer = writer;
        this.reader = reader;
        this.researcher = researcher;
        this.limits = limits;
    }

    public Account writer() {
        return writer;
    }

    public Account reader() {
        return reader;
    }

    public Account researcher() {
        return researcher;
    }

    /** The statements for a server with writable access storage, in order; each can be run again. */
    public List<String> sql() {
        List<String> out = new ArrayList<>();
        out.add("CREATE ROLE IF NOT EXISTS " + WRITER_ROLE);
        out.add(WRITER_GRANT + " TO " + WRITER_ROLE);
        out.add(WRITER_ENGINES + " TO " + WRITER_ROLE);
        out.add("CREATE ROLE IF NOT EXISTS " + READER_ROLE);
        out.add(READER_GRANT + " TO " + READER_ROLE);
        out.add("CREATE ROLE IF NOT EXISTS " + RESEARCHER_ROLE);
        out.add(RESEARCHER_GRANT + " TO " + RESEARCHER_ROLE);
        // readonly = 2: reads only, but a client may still set harmless settings (Grafana's plugin sets some)
        out.add("CREATE SETTINGS PROFILE OR REPLACE " + READER_PROFILE + " SETTINGS readonly = 2");
        out.add("CREATE SETTINGS PROFILE OR REPLACE " + RESEARCHER_PROFILE + " SETTINGS readonly = 2, "
                + "max_memory_usage = " + limits.maxMemoryBytes() + " CONST, "
                + "max_execution_time = " + limits.maxExecutionSeconds() + " CONST, "
                + "max_result_rows = " + limits.maxResultRows() + " CONST, result_overflow_mode = 'throw' CONST");
        // a granted role is a default role unless said otherwise, so the users need nothing more
        out.add(createUser(writer, null));
        out.add("GRANT " + WRITER_ROLE + " TO " + writer.user());
        out.add(createUser(reader, READER_PROFILE));
        out.add("GRANT " + READER_ROLE + " TO " + reader.user());
        out.add(createUser(researcher, RESEARCHER_PROFILE));
        out.add("GRANT " + RESEARCHER_ROLE + " TO " + researcher.user());
        return out;
    }

    private static String createUser(Account account, String profile) {
        return "CREATE USER OR REPLACE " + account.user() + " IDENTIFIED WITH sha256_hash BY '"
                + sha256(account.password()) + "'" + (profile == null ? "" : " SETTINGS PROFILE '" + profile + "'");
    }

    /**
     * The three users as a {@code <users>} and {@code <profiles>} fragment for a server configured by files: each
     * user its grants, loopback networks only, and the same profiles as {@link #sql()}.
     */
    public String usersXml() {
        return userXml(writer, "default", WRITER_GRANT, WRITER_ENGINES)
                + userXml(reader, READER_PROFILE, READER_GRANT)
                + userXml(researcher, RESEARCHER_PROFILE, RESEARCHER_GRANT);
    }

    private static String userXml(Account account, String profile, String... grants) {
        StringBuilder queries = new StringBuilder();
        for (String grant : grants) {
            queries.append("<query>").append(grant).append("</query>");
        }
        return """
                  <%s>
                    <password_sha256_hex>%s</password_sha256_hex>
                    <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
                    <profile>%s</profile>
                    <quota>default</quota>
                    <grants>%s</grants>
                  </%s>
                """.formatted(account.user(), sha256(account.password()), profile, queries, account.user());
    }

    /** The reader's and the researcher's settings profiles for a server configured by files. */
    public String profilesXml() {
        return """
                  <%s><readonly>2</readonly></%s>
                  <%s>
                    <readonly>2</readonly>
                    <max_memory_usage>%d</max_memory_usage>
                    <max_execution_time>%d</max_execution_time>
                    <max_result_rows>%d</max_result_rows>
                    <result_overflow_mode>throw</result_overflow_mode>
                    <constraints>
                      <max_memory_usage><readonly/></max_memory_usage>
                      <max_execution_time><readonly/></max_execution_time>
                      <max_result_rows><readonly/></max_result_rows>
                      <result_overflow_mode><readonly/></result_overflow_mode>
                    </constraints>
                  </%s>
                """.formatted(READER_PROFILE, READER_PROFILE, RESEARCHER_PROFILE, limits.maxMemoryBytes(),
                limits.maxExecutionSeconds(), limits.maxResultRows(), RESEARCHER_PROFILE);
    }

    static String sha256(String password) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
