package org.mentorpulse.warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned ClickHouse migrations under {@code clickhouse/migrations/V###__name.sql} in order,
 * recording each in {@code mentorpulse.schema_migrations}. Running it twice is a no-op; a migration whose
 * file changed after it was applied is refused, because silently diverging schemas are worse than a stop.
 */
public final class SchemaMigrator {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
    private static final String LOCATION = "clickhouse/migrations/";
    /** Databases exist before any migration runs, since the ledger itself lives in one. */
    public static final String MAIN_DATABASE = "mentorpulse";
    public static final String RESEARCH_DATABASE = "mentorpulse_research";
    public static final List<String> DATABASES = List.of(MAIN_DATABASE, RESEARCH_DATABASE);

    private final ClassLoader loader;

    public SchemaMigrator() {
        this(SchemaMigrator.class.getClassLoader());
    }

    SchemaMigrator(ClassLoader loader) {
        this.loader = loader;
    }

    /** Applies what is missing and returns the names of the migrations applied by this call. */
    public List<String> migrate(Connection connection) throws SQLException {
        return migrate(connection, MAIN_DATABASE);
    }

    /**
     * The research database that goes with a main database: {@code mentorpulse_research} with {@code mentorpulse},
     * {@code X_research} with a replay database {@code X}, so that a replay's research rows stay beside its own
     * tables and can be compared with the live ones.
     */
    public static String researchDatabase(String database) {
        return database.equals(MAIN_DATABASE) ? RESEARCH_DATABASE : database + "_research";
    }

    /**
     * The same schema in another database than {@code mentorpulse} (its ledger too): a replay or backfill into
     * fresh tables beside the live ones, with a research database of its own ({@link #researchDatabase}).
     */
    public List<String> migrate(Connection connection, String database) throws SQLException {
        if (!database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not a database name: " + database);
        }
        try (Statement st = connection.createStatement()) {
            for (String db : DATABASES) {
                st.execute("CREATE DATABASE IF NOT EXISTS " + (db.equals(MAIN_DATABASE) ? database : researchDatabase(database)));
            }
            st.execute("CREATE TABLE IF NOT EXISTS " + database + ".schema_migrations "
                    + "(version UInt32, name String, checksum String, applied_at DateTime('UTC') DEFAULT now()) "
                    + "ENGINE = MergeTree ORDER BY version");
        }
        Map<Integer, String> appliedChecksums = appliedChecksums(connection, database);
        List<String> applied = new ArrayList<>();
        for (Migration migration : available()) {
            String known = appliedChecksums.get(migration.version());
            if (known != null) {
                if (!known.equals(migration.checksum())) {
                    throw new IllegalStateException("ClickHouse migration " + migration.name()
                            + " was changed after it was applied (checksum " + known + " in the database, "
                            + migration.checksum() + " in the code); add a new migration instead of editing it");
                }
                continue;
            }
            try (Statement st = connection.createStatement()) {
                for (String statement : migration.statements()) {
                    st.execute(statement.replace(RESEARCH_DATABASE + ".", researchDatabase(database) + ".")
                            .replace(MAIN_DATABASE + ".", database + "."));
                }
            }
            try (PreparedStatement ps = connection.prepareStatement(
                    "INSERT INTO " + database + ".schema_migrations (version, name, checksum) VALUES (?, ?, ?)")) {
                ps.setInt(1, migration.version());
                ps.setString(2, migration.name());
                ps.setString(3, migration.checksum());
                ps.executeUpdate();
            }
            LOG.info("applied ClickHouse migration {} to {}", migration.name(), database);
            applied.add(migration.name());
        }
        return applied;
    }

    private static Map<Integer, String> appliedChecksums(Connection connection, String database) throws SQLException {
        Map<Integer, String> result = new LinkedHashMap<>();
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT version, checksum FROM " + database + ".schema_migrations")) {
            while (rs.next()) {
                result.put(rs.getInt(1), rs.getString(2));
            }
        }
        return result;
    }

    /**
     * Migrations are listed in {@code index.txt} because listing a directory inside a jar is not portable.
     * The numbering must run 1, 2, 3 ... in the index: a gap or a reordering is a packaging mistake.
     */
    /** The migrations this release ships, as "V013__suppress_small_cells.sql" with their checksums, in order. */
    public Map<String, String> shipped() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        available().forEach(m -> out.put(m.name(), m.checksum()));
        return out;
    }

    List<Migration> available() {
        List<Migration> result = new ArrayList<>();
        for (String fileName : readResource("index.txt").split("\n")) {
            fileName = fileName.strip();
            if (fileName.isEmpty()) {
                continue;
            }
            int expected = result.size() + 1;
            if (!fileName.startsWith(String.format("V%03d__", expected)) || !fileName.endsWith(".sql")) {
                throw new IllegalStateException("migration index entry '" + fileName + "' should be V"
                        + String.format("%03d", expected) + "__<name>.sql");
            }
            String sql = readResource(fileName);
            result.add(new Migration(expected, fileName, sha256(sql), splitStatements(sql)));
        }
        return result;
    }

    private String readResource(String fileName) {
        try (InputStream in = loader.getResourceAsStream(LOCATION + fileName)) {
            if (in == null) {
                throw new IllegalStateException("missing " + LOCATION + fileName + " on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + LOCATION + fileName, e);
        }
    }

    /** Splits on semicolons that end a line; comment lines are dropped. Our DDL never has ';' mid-line. */
    static List<String> splitStatements(String sql) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    record Migration(int version, String name, String checksum, List<String> statements) {}
}
