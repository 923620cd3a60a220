package org.mentorpulse.stack.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.io.Reader;

/**
 * Entry point of the child JVM that runs the local Kafka broker: formats the KRaft storage the first time,
 * then hands over to Kafka's own {@code kafka.Kafka} main, exactly as {@code kafka-server-start.sh} would.
 *
 * <p>Arguments: the server.properties path and the cluster id to format with.
 */
public final class KafkaBrokerMain {
    private KafkaBrokerMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: KafkaBrokerMain <server.properties> <cluster-id>");
            System.exit(2);
        }
        Path config = Path.of(args[0]);
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(config)) {
            props.load(r);
        }
        Path logDir = Path.of(props.getProperty("log.dirs"));
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            int rc = kafka.tools.StorageTool.execute(
                    new String[] {"format", "--cluster-id", args[1], "--config", config.toString()}, System.out);
            if (rc != 0) {
                System.err.println("formatting the Kafka storage in " + logDir + " failed (exit " + rc + ")");
                System.exit(rc);
            }
        }
        kafka.Kafka.main(new String[] {config.toString()});
    }
}
