package org.mentorpulse.research;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mentorpulse.warehouse.SchemaMigrator;

/**
 * {@code ./mentorpulse export}: the research tables as files that ClickHouse itself writes (its Parquet and CSV
 * output formats), read as the researcher, with a manifest that lets a paper's numbers be reproduced (the
 * queries, the schema and migration versions, row counts, each file's SHA-256, when it was extracted, the
 * pseudonym key's id but never the key) and a data dictionary generated from the tables' columns and comments.
 */
public final class ResearchExport {
    /** What researchers get: the table and the suppressed aggregates, in the order they are written. */
    static final Map<String, String> QUERIES = orderedQueries();

    /** Where and as whom ClickHouse is read: its HTTP address, the researcher's user and password. */
    public record Source(String httpUrl, String user, String password) {}

    public enum Format {
        PARQUET("Parquet", "parquet"), CSV("CSVWithNames", "csv");

        final String clickhouseFormat;
        final String extension;

        Format(String clickhouseFormat, String extension) {
            this.clickhouseFormat = clickhouseFormat;
            this.extension = extension;
        }
    }

    /** One written file. */
    public record ExportedFile(String table, String file, long rows, String sha256, long bytes) {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResearchExport() {}

    private static Map<String, String> orderedQueries() {
        Map<String, String> q = new java.util.LinkedHashMap<>();
        q.put("match_outcomes", "SELECT * FROM mentorpulse_research.match_outcomes FINAL ORDER BY match_pseudonym");
        q.put("cohort_outcomes", "SELECT * FROM mentorpulse_research.cohort_outcomes ORDER BY program_id, "
                + "cohort_pseudonym");
        q.put("program_outcomes", "SELECT * FROM mentorpulse_research.program_outcomes ORDER BY program_id");
        return java.util.Collections.unmodifiableMap(q);
    }

    public static List<ExportedFile> run(Source source, Path dir, Format format, String pseudonymKeyId, Clock clock,
            PrintStream out) throws IOException, InterruptedException {
        return run(source, dir, format, pseudonymKeyId, null, clock, out);
    }

    /**
     * @param asOf null for the tables as they are; else the outcomes as they stood at the end of that day
     *     ({@link #outcomesAsOf}), and no aggregates (they describe the present)
     */
    public static List<ExportedFile> run(Source source, Path dir, Format format, String pseudonymKeyId,
            LocalDate asOf, Clock clock, PrintStream out) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String extractedAt = clock.instant().toString();
        Map<String, String> queries = asOf == null ? QUERIES
                : Map.of("match_outcomes", outcomesAsOf(asOf, columns(http, source)));
        List<ExportedFile> files = new ArrayList<>();
        for (Map.Entry<String, String> table : queries.entrySet()) {
            String file = table.getKey() + "." + format.extension;
            out.printf("  %s -> %s ...%n", table.getKey(), file);
            long rows = Long.parseLong(query(http, source, "SELECT count() FROM (" + table.getValue() + ")")
                    .strip());
            MessageDigest sha = sha256();
            long bytes;
            try (InputStream body = stream(http, source, table.getValue() + " FORMAT " + format.clickhouseFormat);
                    DigestInputStream digest = new DigestInputStream(body, sha);
                    OutputStream target = Files.newOutputStream(dir.resolve(file))) {
                bytes = digest.transferTo(target);
            }
            files.add(new ExportedFile(table.getKey(), file, rows, HexFormat.of().formatHex(sha.digest()), bytes));
        }
        Files.writeString(dir.resolve("data-dictionary.md"), dictionary(http, source, queries.keySet(), asOf));
        Files.writeString(dir.resolve("manifest.json"), manifest(files, queries, format, pseudonymKeyId, asOf,
                extractedAt, query(http, source, "SELECT version()").strip()));
        out.printf("Wrote %d files, data-dictionary.md and manifest.json to %s%n", files.size(), dir);
        return files;
    }

    /** The columns of match_outcomes, in order. */
    private static List<String> columns(HttpClient http, Source source) throws IOException, InterruptedException {
        List<String> names = new ArrayList<>();
        for (String line : query(http, source, "SELECT name FROM system.columns WHERE database = "
                + "'mentorpulse_research' AND table = 'match_outcomes' ORDER BY position FORMAT TSV").split("\n")) {
            if (!line.isBlank()) {
                names.add(line.strip());
            }
        }
        return names;
    }

    /**
     * match_outcomes as they stood at the end of {@code day}: a paper's analysis date, so that a later export
     * gives the same data. Matches that had not started are left out. A match that ended after the day is active
     * and censored on it, and what only its end tells (its final answers, goals, closure) is NULL. A 30/60/90-day
     * feature whose window had not closed by then is NULL too: it was not yet known. Other columns pass through.
     */
    static String outcomesAsOf(LocalDate day, List<String> columns) {
        String d = "toDate('" + day + "')";
        String ended = "(end_date IS NOT NULL AND end_date <= " + d + ")";
        String censor = "if(" + ended + ", end_date, least(censor_date, " + d + "))";
        List<String> select = new ArrayList<>();
        for (String c : columns) {
            java.util.regex.Matcher window = java.util.regex.Pattern.compile(".*_(\\d+)d").matcher(c);
            String expression = switch (c) {
                case "end_date" -> "if(" + ended + ", end_date, NULL)";
                case "censor_date" -> censor;
                case "outcome" -> "if(" + ended + ", outcome, 'active')";
                case "closed_early" -> "if(" + ended + ", closed_early, 0)";
                case "duration_days" -> "toInt32(dateDiff('day', start_date, " + censor + "))";
                case "subscale_scores" -> "if(" + ended + ", subscale_scores, map())";
                case "final_satisfaction", "goals_achieved", "closure_reason", "closure_initiator", "questionnaire",
                        "questionnaire_version", "questionnaire_respondent", "meeting_every_days" ->
                        "if(" + ended + ", " + c + ", NULL)";
                default -> window.matches()
                        ? "if(" + ended + " OR start_date + " + (Integer.parseInt(window.group(1)) - 1) + " <= " + d
                                + ", " + c + ", NULL)"
                        : c;
            };
            select.add(expression.equals(c) ? c : expression + " AS " + c);
        }
        return "SELECT " + String.join(", ", select) + " FROM mentorpulse_research.match_outcomes FINAL WHERE "
                + "start_date <= " + d + " ORDER BY match_pseudonym SETTINGS prefer_column_name_to_alias = 1";
    }

    private static String manifest(List<ExportedFile> files, Map<String, String> queries, Format format,
            String keyId, LocalDate asOf, String extractedAt, String serverVersion) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("extracted_at", extractedAt);
        if (asOf != null) {
            root.put("as_of", asOf.toString());
            root.put("omitted", "cohort_outcomes and program_outcomes describe the present; aggregate the exported "
                    + "match_outcomes instead (cells under 5 matches must stay suppressed)");
        }
        root.put("format", format.name().toLowerCase(Locale.ROOT));
        root.put("clickhouse_version", serverVersion);
        root.put("pseudonym_key_id", keyId);
        ObjectNode migrations = root.putObject("schema_migrations");
        new SchemaMigrator().shipped().forEach(migrations::put);
        ArrayNode list = root.putArray("files");
        for (ExportedFile f : files) {
            list.addObject().put("table", f.table()).put("file", f.file()).put("query", queries.get(f.table()))
                    .put("rows", f.rows()).put("bytes", f.bytes()).put("sha256", f.sha256());
        }
        return JSON.writeValueAsString(root) + "\n";
    }

    /** The exported tables' columns, types and comments, as Markdown. */
    private static String dictionary(HttpClient http, Source source, java.util.Set<String> tables, LocalDate asOf)
            throws IOException, InterruptedException {
        String tsv = query(http, source, "SELECT table, name, type, comment FROM system.columns "
                + "WHERE database = 'mentorpulse_research' AND table IN ('" + String.join("', '", tables)
                + "') ORDER BY table, position FORMAT TSV");
        StringBuilder md = new StringBuilder("# Data dictionary of the research export\n");
        if (asOf != null) {
            md.append("\nAs of ").append(asOf).append(": matches that ended later are active and censored on that "
                    + "day; what only their end tells, and features whose window had not closed, are NULL.\n");
        }
        String current = null;
        for (String line : tsv.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (!f[0].equals(current)) {
                current = f[0];
                md.append("\n## ").append(current).append("\n\n| column | type | meaning |\n|---|---|---|\n");
            }
            md.append("| ").append(f[1]).append(" | ").append(f[2]).append(" | ").append(unescape(f[3]))
                    .append(" |\n");
        }
        return md.toString();
    }

    private static String unescape(String tsvField) {
        return tsvField.replace("\\'", "'").replace("\\\\", "\\").replace("|", "\\|");
    }

    private static String query(HttpClient http, Source source, String sql) throws IOException, InterruptedException {
        try (InputStream in = stream(http, source, sql)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The answer's body; an error answer is an exception with ClickHouse's message. */
    private static InputStream stream(HttpClient http, Source source, String sql)
            throws IOException, InterruptedException {
        String auth = Base64.getEncoder().encodeToString((source.user() + ":" + source.password())
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<InputStream> answer = http.send(HttpRequest.newBuilder(URI.create(source.httpUrl() + "/"))
                .header("Authorization", "Basic " + auth)
                .POST(HttpRequest.BodyPublishers.ofString(sql)).build(), HttpResponse.BodyHandlers.ofInputStream());
        if (answer.statusCode() != 200) {
            String error;
            try (InputStream in = answer.body()) {
                error = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
            throw new IOException("ClickHouse refused the export query (" + answer.statusCode() + "): " + error);
        }
        return answer.body();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
