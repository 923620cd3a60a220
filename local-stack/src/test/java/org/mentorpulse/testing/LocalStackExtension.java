package org.mentorpulse.testing;

import org.mentorpulse.stack.StackSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.mentorpulse.config.Settings;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.stack.LocalStack;

/**
 * Gives integration tests a real Kafka broker and ClickHouse server: the same processes {@code ./mentorpulse up}
 * runs, started once per test run (not per class) under {@code target/it-stack} on free ports, and stopped
 * with their data removed when the run ends. Tests ask for {@link Endpoints} or {@link Settings} as parameters.
 *
 * <p>Set {@code MENTORPULSE_KAFKA_BOOTSTRAP_SERVERS} and {@code MENTORPULSE_CLICKHOUSE_URL} to run the same
 * tests against existing services instead.
 */
public final class LocalStackExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalStackExtension.class);

    /** Lives in the root store, so JUnit closes it once, after the last test class of the run. */
    static final class RunningStack implements ExtensionContext.Store.CloseableResource {
        final Settings settings;
        final LocalStack stack;
        final Endpoints endpoints;

        RunningStack() {
            Settings s = stackOnFreePorts("it-stack")
                    // The tests share one log, and their programs lie on unrelated timelines (January, March to
                    // May, July); each pipeline replays the whole log at start. A generous allowed lateness keeps
                    // every test's rows independent of the order the classes run in. The default lateness is
                    // exercised by the unit and scoring tests and by EventsToClickHouseIT.
                    .with("analytics.allowed-lateness-days", "3650");
            PrintStream out = System.out;
            this.stack = new LocalStack(s, out);
            stack.down(true);
            this.endpoints = stack.up();
            this.settings = stack.settings(); // with the stack's research pseudonym key
        }

        @Override
        public void close() {
            stack.down(false);
            // the data goes with the purge, and with it the broker's log: its warnings are what explains a produce
            // request that hung or a client that was fenced, so a failed run keeps them in its output
            printTail(stack.stateDir().resolve("kafka").resolve("broker.log"), 60);
            stack.down(true);
        }

        private static void printTail(Path log, int lines) {
            try {
                List<String> all = Files.readAllLines(log);
                System.out.printf("The shared broker's log, last %d of %d lines (%s):%n", Math.min(lines, all.size()),
                        all.size(), log);
                all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> System.out.println("  " + l));
            } catch (IOException e) {
                System.out.println("The shared broker's log could not be read: " + e.getMessage());
            }
        }
    }

    /**
     * The settings of a stack under {@code target/<dir>} whose every port is a free one: the shared stack, and the
     * stacks of the tests that need a log of their own.
     */
    public static Settings stackOnFreePorts(String dir) {
        return StackSettings.fromEnvironment(null)
                .with("state.dir", Path.of("target", dir).toAbsolutePath().toString())
                .with("kafka.port", "0").with("kafka.controller-port", "0")
                .with("clickhouse.http-port", "0").with("clickhouse.tcp-port", "0")
                .with("mail.smtp-port", "0").with("mail.imap-port", "0").with("alerts.http.port", "0")
                .with("ingestion.port", "0").with("management.port", "0");
    }

    static RunningStack running(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(RunningStack.class, k -> new RunningStack(), RunningStack.class);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        running(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        return type == Endpoints.class || type == Settings.class || type == LocalStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        RunningStack running = running(extension);
        Class<?> type = parameter.getParameter().getType();
        if (type == Endpoints.class) {
            return running.endpoints;
        }
        return type == Settings.class ? running.settings : running.stack;
    }
}
