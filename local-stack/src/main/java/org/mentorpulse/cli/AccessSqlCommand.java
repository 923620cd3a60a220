package org.mentorpulse.cli;

import java.util.concurrent.Callable;
import org.mentorpulse.stack.clickhouse.ClickHouseUsers;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "access-sql", description = "Print the SQL that creates the ClickHouse roles, profiles and users "
        + "(writer, reader, researcher) from the settings, for a production server with writable access storage; "
        + "passwords appear only as SHA-256 hashes.")
final class AccessSqlCommand implements Callable<Integer> {
    @ParentCommand MentorPulseCli parent;

    @Override
    public Integer call() {
        for (String statement : ClickHouseUsers.configured(parent.settings()).sql()) {
            System.out.println(statement + ";");
        }
        return 0;
    }
}
