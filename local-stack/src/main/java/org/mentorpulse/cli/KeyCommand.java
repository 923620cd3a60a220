package org.mentorpulse.cli;

import java.util.concurrent.Callable;
import org.mentorpulse.ingestion.auth.ApiKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "key", description = "Ingestion source keys.", subcommands = KeyCommand.New.class)
final class KeyCommand {

    @Command(name = "new", description = "Make a key for an ingestion source and print the settings lines that "
            + "enable it. The key is shown once; only its SHA-256 goes into the settings.")
    static final class New implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "the source's name, e.g. platform")
        String name;

        @Option(names = "--event-source", description = "CloudEvents source prefix it may write (default: /NAME)")
        String eventSource;

        @Override
        public Integer call() {
            if (!name.matches("[a-z0-9][a-z0-9-]*")) {
                System.err.println("mentorpulse: a source name is lower-case letters, digits and '-', not '" + name + "'");
                return 2;
            }
            String key = ApiKeys.newKey();
            System.out.println("API key for source '" + name + "' (give it to the sender; it is not stored):");
            System.out.println("  " + key);
            System.out.println();
            System.out.println("Add to your settings file:");
            System.out.println("  " + ApiKeys.PREFIX + name + ".key-sha256=" + ApiKeys.sha256Hex(key));
            System.out.println("  " + ApiKeys.PREFIX + name + ".event-source=" + (eventSource != null ? eventSource : "/" + name));
            return 0;
        }
    }
}
