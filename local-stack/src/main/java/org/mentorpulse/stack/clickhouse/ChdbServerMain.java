package org.mentorpulse.stack.clickhouse;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.Arrays;

/**
 * Entry point of the child process that hosts a ClickHouse server from chDB's shared library.
 *
 * <p>chDB is the ClickHouse engine as a library; its {@code clickhouse-local} entry point can open the real
 * HTTP and native listeners. The last query of the command line blocks reading a named pipe, which keeps the
 * listeners up; a line written to the pipe ends it and the process exits cleanly. This runs in its own JVM,
 * never inside the application, and is started with libjsig preloaded so ClickHouse's signal handlers chain
 * with the JVM's instead of replacing them.
 *
 * <p>Arguments: library path, then the clickhouse-local arguments.
 */
public final class ChdbServerMain {

    interface ChdbLibrary extends Library {
        Pointer chdb_query_cmdline(int argc, String[] argv);

        String chdb_result_error(Pointer result);
    }

    private ChdbServerMain() {}

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: ChdbServerMain <libchdb.so> <clickhouse-local arguments...>");
            System.exit(2);
        }
        ChdbLibrary chdb = Native.load(args[0], ChdbLibrary.class);
        String[] argv = Arrays.copyOfRange(args, 1, args.length);
        System.out.println("starting ClickHouse (chDB) with " + String.join(" ", argv));
        System.out.flush();
        Pointer result = chdb.chdb_query_cmdline(argv.length, argv);
        String error = result == null ? "no result" : chdb.chdb_result_error(result);
        if (error != null && !error.isEmpty()) {
            System.err.println("ClickHouse (chDB) stopped with an error: " + error);
            System.exit(1);
        }
        System.out.println("ClickHouse (chDB) stopped");
        System.exit(0);
    }
}
