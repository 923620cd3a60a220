package org.mentorpulse.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.mentorpulse.console.Passwords;
import picocli.CommandLine.Command;

@Command(name = "console-password", description = "Read a program manager's console password (from the terminal, "
        + "or one line of standard input) and print its hash for the managers file's console_password.")
final class ConsolePasswordCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        char[] password;
        if (System.console() != null) {
            password = System.console().readPassword("Password: ");
        } else {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            password = line == null ? new char[0] : line.toCharArray();
        }
        if (password == null || password.length < 12) {
            System.err.println("mentorpulse console-password: use at least 12 characters");
            return 2;
        }
        System.out.println(Passwords.hash(password));
        return 0;
    }
}
