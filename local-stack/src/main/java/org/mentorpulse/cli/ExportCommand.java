package org.mentorpulse.cli;

import java.nio.file.Path;
import java.time.Clock;
import org.mentorpulse.analytics.config.AnalyticsSettings;
import java.util.concurrent.Callable;
import org.mentorpulse.research.ResearchExport;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.warehouse.ClickHouseConnections;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "export", description = "Write the research tables (pseudonymised outcomes and the suppressed "
        + "aggregates) as files ClickHouse itself writes, read as the researcher, with a manifest (queries, "
        + "migrations, row counts, SHA-256 of each file) and a data dictionary.")
final class ExportCommand implements Callable<Integer> {
    @ParentCommand MentorPulseCli parent;

    @Option(names = "--to", required = true, paramLabel = "DIR", description = "the directory to write")
    Path dir;

    @Option(names = "--format", defaultValue = "parquet", description = "parquet or csv (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--as-of", paramLabel = "DATE", description = "the outcomes as they stood at the end of this day "
            + "(YYYY-MM-DD): matches that ended later are censored on it; the aggregates are left out")
    java.time.LocalDate asOf;

    @Override
    public Integer call() throws Exception {
        ResearchExport.Format chosen;
        try {
            chosen = ResearchExport.Format.valueOf(format.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("mentorpulse export: --format must be parquet or csv, not '" + format + "'");
            return 2;
        }
        MentorPulseCli.Running running = parent.stackUp();
        Endpoints endpoints = running.endpoints();
        if (endpoints.researcher() == null) {
            System.err.println("mentorpulse export: the researcher's password is not configured "
                    + "(clickhouse.researcher-password)");
            return 2;
        }
        ResearchExport.run(new ResearchExport.Source(ClickHouseConnections.httpUrlOf(endpoints.clickhouseJdbcUrl()),
                endpoints.researcher().user(), endpoints.researcher().password()), dir, chosen,
                AnalyticsSettings.from(running.settings()).pseudonyms().keyId(), asOf, Clock.systemUTC(), System.out);
        return 0;
    }
}
