package org.mentorpulse.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The port against the plugin's own examples ({@code pkg/macros/macros_test.go}, version 4.20). */
class GrafanaQueryTest {
    private static final GrafanaQuery.Range RANGE = new GrafanaQuery.Range(Instant.parse("2014-11-12T11:45:26.123Z"),
            Instant.parse("2015-11-12T11:45:26.456Z"), Duration.ofMinutes(1));
    private static final GrafanaQuery.Range TWENTY_SECONDS = new GrafanaQuery.Range(Instant.EPOCH, Instant.EPOCH,
            Duration.ofSeconds(20));

    private static String expand(String sql) {
        return GrafanaQuery.expandMacros(sql, RANGE);
    }

    @Test
    void timeMacrosExpandAsThePluginsExamplesSay() {
        assertThat(expand("select * from foo where $__timeFilter(cast(sth as timestamp))")).isEqualTo(
                "select * from foo where cast(sth as timestamp) >= toDateTime(1415792726) AND cast(sth as timestamp) "
                        + "<= toDateTime(1447328726)");
        assertThat(expand("select * from foo where $__timeFilter(cast(sth as timestamp) )")).isEqualTo(
                "select * from foo where cast(sth as timestamp) >= toDateTime(1415792726) AND cast(sth as timestamp) "
                        + "<= toDateTime(1447328726)");
        assertThat(expand("select * from foo where $__timeFilter_ms(cast(sth as timestamp))")).isEqualTo(
                "select * from foo where cast(sth as timestamp) >= fromUnixTimestamp64Milli(1415792726123) AND "
                        + "cast(sth as timestamp) <= fromUnixTimestamp64Milli(1447328726456)");
        assertThat(expand("select * from foo where ( date >= $__fromTime and date <= $__toTime ) limit 100"))
                .isEqualTo("select * from foo where ( date >= toDateTime(1415792726) and date <= "
                        + "toDateTime(1447328726) ) limit 100");
        assertThat(expand("select * from foo where ( date >= $__fromTime_ms ) and ( date <= $__toTime_ms ) limit 100"))
                .isEqualTo("select * from foo where ( date >= fromUnixTimestamp64Milli(1415792726123) ) and ( date "
                        + "<= fromUnixTimestamp64Milli(1447328726456) ) limit 100");
        assertThat(expand("$__dateFilter(dateCol)"))
                .isEqualTo("dateCol >= toDate('2014-11-12') AND dateCol <= toDate('2015-11-12')");
        assertThat(expand("$__dateTimeFilter(dateCol, timeCol)")).isEqualTo("(dateCol >= toDate('2014-11-12') AND "
                + "dateCol <= toDate('2015-11-12')) AND (timeCol >= toDateTime(1415792726) AND timeCol <= "
                + "toDateTime(1447328726))");
        assertThat(expand("$__timeFrom(ts)")).isEqualTo("ts >= toDateTime(1415792726)");
        assertThat(expand("$__timeTo(ts)")).isEqualTo("ts <= toDateTime(1447328726)");
    }

    @Test
    void intervalsAndGroupsExpandAsThePluginsExamplesSay() {
        assertThat(GrafanaQuery.expandMacros("$__timeInterval(col)", TWENTY_SECONDS))
                .isEqualTo("toStartOfInterval(toDateTime(col), INTERVAL 20 second)");
        assertThat(GrafanaQuery.expandMacros("$__timeInterval_ms(col)", TWENTY_SECONDS))
                .isEqualTo("toStartOfInterval(toDateTime64(col, 3), INTERVAL 20000 millisecond)");
        assertThat(GrafanaQuery.expandMacros("$__interval_s", TWENTY_SECONDS)).isEqualTo("20");
        assertThat(expand("$__timeGroup(ts, '5m')")).isEqualTo("toStartOfInterval(toDateTime(ts), INTERVAL 300 second)");
        assertThat(expand("$__timeGroup(ts, 1h)")).isEqualTo("toStartOfInterval(toDateTime(ts), INTERVAL 3600 second)");
    }

    @Test
    void nestedMacrosAndLiteralsAreHandledAsThePluginDoes() {
        assertThat(expand("SELECT $__timeInterval($__fromTime) AS from_time")).isEqualTo(
                "SELECT toStartOfInterval(toDateTime(toDateTime(1415792726)), INTERVAL 60 second) AS from_time");
        assertThat(expand("SELECT $__timeInterval_ms($__fromTime_ms)")).isEqualTo("SELECT toStartOfInterval("
                + "toDateTime64(fromUnixTimestamp64Milli(1415792726123), 3), INTERVAL 60000 millisecond)");
        assertThat(expand("select * from foo where $__timeFilter(coalesce(closed_at, $__toTime))")).isEqualTo(
                "select * from foo where coalesce(closed_at, toDateTime(1447328726)) >= toDateTime(1415792726) AND "
                        + "coalesce(closed_at, toDateTime(1447328726)) <= toDateTime(1447328726)");
        assertThat(expand("select * from foo where msg = 'it\\'s -- fine' and $__fromTime"))
                .isEqualTo("select * from foo where msg = 'it\\'s -- fine' and toDateTime(1415792726)");
        assertThat(expand("select * from foo where msg = 'a\\'/*x' and $__toTime"))
                .isEqualTo("select * from foo where msg = 'a\\'/*x' and toDateTime(1447328726)");
        assertThat(expand("select * from foo where msg = 'it''s' and $__fromTime"))
                .isEqualTo("select * from foo where msg = 'it''s' and toDateTime(1415792726)");
        assertThat(expand("select '$__fromTime' -- $__toTime\n")).isEqualTo("select '$__fromTime' -- $__toTime\n");
    }

    @Test
    void aWrongArgumentCountAnUnknownMacroOrABadPeriodIsAnError() {
        assertThatThrownBy(() -> expand("$__dateTimeFilter(d)")).hasMessageContaining("expected 2 argument(s), received 1");
        assertThatThrownBy(() -> expand("$__timeInterval()")).hasMessageContaining("expected 1 argument(s), received 0");
        assertThatThrownBy(() -> expand("$__timeGroup(ts)")).hasMessageContaining("expected 2");
        assertThatThrownBy(() -> expand("$__timeGroup(ts, 'nope')")).hasMessageContaining("invalid interval");
        assertThatThrownBy(() -> expand("$__timeFilterr(ts)")).hasMessageContaining("not a macro");
    }

    @Test
    void templateVariablesAreInterpolatedInTheirFormatsAndAnUndefinedOneIsAnError() {
        Map<String, String> vars = Map.of("program", "prog-1", "cohort", "o'brien");
        assertThat(GrafanaQuery.interpolate("WHERE program_id = ${program:singlequote} AND c = ${cohort:sqlstring} "
                + "AND d = ${cohort:singlequote} AND e = '$program' AND f = '[[program]]' AND $__timeFilter(t)", vars))
                .isEqualTo("WHERE program_id = 'prog-1' AND c = 'o''brien' AND d = 'o\\'brien' AND e = 'prog-1' AND "
                        + "f = 'prog-1' AND $__timeFilter(t)");
        assertThatThrownBy(() -> GrafanaQuery.interpolate("WHERE x = $level", vars))
                .hasMessageContaining("$level").hasMessageContaining("does not define");
    }
}
