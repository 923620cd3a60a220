package org.mentorpulse.backtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.mentorpulse.analytics.job.EngagementRiskJob;
import org.mentorpulse.analytics.outcomes.Pseudonyms;
import org.mentorpulse.analytics.risk.RiskFactor;
import org.mentorpulse.analytics.risk.RiskSettings;
import org.mentorpulse.pipeline.LocalBackfill;
import org.mentorpulse.research.Backtest;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.stack.StackException;
import org.mentorpulse.testkit.generator.SyntheticProgram;
import org.mentorpulse.testkit.generator.SyntheticProgramGenerator;
import org.mentorpulse.warehouse.SchemaMigrator;

/**
 * Where a back-test's data comes from and where its report goes. The scores are the pipeline's own
 * ({@code match_daily}); the outcomes are the research table's ({@code match_outcomes}), whose rows carry
 * pseudonyms: the two are joined here by pseudonymising each match id with the deployment key, so neither table
 * needs to give up what it keeps apart.
 */
public final class BacktestRun {
    /** A generated program is computed into a database of its own, beside the live one. */
    public static final String GENERATED_DATABASE = "mentorpulse_backtest";
    private static final List<String> FACTORS = Arrays.stream(RiskFactor.values()).map(RiskFactor::name).toList();

    private BacktestRun() {}

    /** A program with the generator's closure process: faded matches close early, some others at random. */
    public static SyntheticProgram generate(long seed, int matches, int days, double noise) {
        return new SyntheticProgramGenerator(new SyntheticProgramGenerator.Options(seed, matches, days,
                LocalDate.of(2026, 1, 5)).withClosures(SyntheticProgramGenerator.Closures.process(noise))).generate();
    }

    /** The generated program through the engagement job into {@link #GENERATED_DATABASE}, then back-tested. */
    public static Backtest.Report onGenerated(Endpoints endpoints, Path stateDir, EngagementRiskJob.Options options,
            SyntheticProgram program, Backtest.Options backtest, PrintStream out) throws Exception {
        LocalBackfill.loadProgram(endpoints, stateDir, options, () -> program, GENERATED_DATABASE, out);
        return onDatabase(endpoints, GENERATED_DATABASE, program.programId(), options, backtest, out);
    }

    /** A program's history as the pipeline wrote it into {@code database}. */
    public static Backtest.Report onDatabase(Endpoints endpoints, String database, String programId,
            EngagementRiskJob.Options options, Backtest.Options backtest, PrintStream out) throws SQLException {
        Pseudonyms pseudonyms = options.requirePseudonyms(); // scores and outcomes are joined by pseudonym
        List<Backtest.Day> days = new ArrayList<>();
        Map<String, Backtest.Outcome> outcomes = new HashMap<>();
        try (Connection c = endpoints.openClickHouse()) {
            String values = Arrays.stream(RiskFactor.values()).map(f -> "factor_values['" + f.name() + "']")
                    .collect(Collectors.joining(", "));
            try (PreparedStatement ps = c.prepareStatement("SELECT match_id, toInt32(day), score, level, " + values
                    + " FROM " + database + ".match_daily FINAL WHERE program_id = ? ORDER BY match_id, day")) {
                ps.setString(1, programId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        double[] factorValues = new double[FACTORS.size()];
                        for (int j = 0; j < factorValues.length; j++) {
                            factorValues[j] = rs.getDouble(5 + j);
                        }
                        days.add(new Backtest.Day(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getString(4),
                                factorValues));
                    }
                }
            }
            Map<String, Backtest.Outcome> byPseudonym = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT match_pseudonym, closed_early, "
                    + "toInt32(end_date) FROM " + SchemaMigrator.researchDatabase(database)
                    + ".match_outcomes FINAL WHERE program_id = ?")) {
                ps.setString(1, programId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Object end = rs.getObject(3); // NULL while the match goes on
                        byPseudonym.put(rs.getString(1), new Backtest.Outcome(rs.getInt(2) == 1,
                                end == null ? null : ((Number) end).intValue()));
                    }
                }
            }
            days.stream().map(Backtest.Day::match).distinct().forEach(match -> {
                Backtest.Outcome o = byPseudonym.get(pseudonyms.match(match));
                if (o != null) {
                    outcomes.put(match, o);
                }
            });
        }
        if (days.isEmpty()) {
            throw new StackException("no evaluated days of program '" + programId + "' in " + database);
        }
        out.printf("Back-testing %,d match-days of %,d matches (%d with an outcome) ...%n", days.size(),
                days.stream().map(Backtest.Day::match).distinct().count(), outcomes.size());
        return Backtest.run(days, outcomes, FACTORS, defaultWeights(options, programId), backtest);
    }

    /** The program's weights as configured, in the factors' order. */
    private static double[] defaultWeights(EngagementRiskJob.Options options, String programId) {
        RiskSettings risk = options.riskModel().forProgram(programId);
        return Arrays.stream(RiskFactor.values()).mapToDouble(f -> risk.weights().get(f)).toArray();
    }

    /** The report as markdown (returned, and written to {@code markdown}) and as JSON beside it. */
    public static String write(String title, Backtest.Report report, EngagementRiskJob.Options options,
            String programId, Path markdown) throws IOException {
        double[] defaults = defaultWeights(options, programId);
        String md = Backtest.markdown(title, report, FACTORS, defaults);
        StringBuilder proposal = new StringBuilder("\nAs settings:\n\n```properties\n");
        for (int j = 0; j < FACTORS.size(); j++) {
            proposal.append(String.format("risk.program.%s.%s=%.3f%n", programId,
                    RiskFactor.values()[j].settingKey(), report.fit().proposedWeights()[j]));
        }
        proposal.append("```\n");
        md = md + proposal;
        Path parent = markdown.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(markdown, md);
        String name = markdown.getFileName().toString();
        Path json = markdown.resolveSibling((name.endsWith(".md") ? name.substring(0, name.length() - 3) : name)
                + ".json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(),
                Map.of("title", title, "program_id", programId, "factors", FACTORS, "default_weights", defaults,
                        "report", report));
        return md;
    }
}
