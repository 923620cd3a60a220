package org.mentorpulse.stack.mail;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.mentorpulse.stack.ChildProcesses;
import org.mentorpulse.stack.StackState.MailState;

/**
 * The local stack's mail server: a real SMTP server on loopback that keeps what it receives (GreenMail, in a
 * child JVM, {@link MailCatcherMain}), and an IMAP reader for what a mailbox holds.
 */
public final class MailCatcher {
    public static final String COMPONENT = "mail";

    private MailCatcher() {}

    public static MailState start(Path stateDir, int smtpPort, int imapPort, Duration timeout) {
        Path log = stateDir.resolve("mail").resolve("mail.log");
        String marker = ChildProcesses.marker(COMPONENT, stateDir);
        List<String> cmd = ChildProcesses.javaCommand(marker, List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC",
                "-Djava.awt.headless=true"), MailCatcherMain.class,
                List.of(Integer.toString(smtpPort), Integer.toString(imapPort)));
        Process process = ChildProcesses.startDetached(cmd, Map.of(), log);
        ChildProcesses.awaitStartup("mail catcher", "127.0.0.1:" + smtpPort, timeout, process::isAlive,
                () -> answers(smtpPort) && answers(imapPort), log);
        return new MailState(process.pid(), "127.0.0.1", smtpPort, imapPort, log.toString());
    }

    public static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** One message as a mailbox holds it. */
    public record Mail(String to, String subject, String messageId, String language, String text) {}

    /** The messages in a mailbox, read over IMAP (the catcher accepts any password). */
    public static List<Mail> inbox(String host, int imapPort, String address) {
        Properties props = new Properties();
        props.put("mail.imap.connectiontimeout", "5000");
        props.put("mail.imap.timeout", "10000");
        try {
            Store store = Session.getInstance(props).getStore("imap");
            store.connect(host, imapPort, address, address);
            try {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                List<Mail> out = new ArrayList<>();
                for (Message m : inbox.getMessages()) {
                    String[] id = m.getHeader("Message-ID");
                    String[] language = m.getHeader("Content-Language");
                    out.add(new Mail(address, m.getSubject(), id == null ? null : id[0],
                            language == null ? null : language[0], text(m)));
                }
                inbox.close(false);
                return out;
            } finally {
                store.close();
            }
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("cannot read the mailbox of " + address + " at " + host + ":" + imapPort
                    + ": " + e.getMessage(), e);
        }
    }

    /** The plain-text part of a message. */
    private static String text(Message m) throws MessagingException, IOException {
        Object content = m.getContent();
        if (content instanceof jakarta.mail.Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                if (multipart.getBodyPart(i).isMimeType("text/plain")) {
                    return multipart.getBodyPart(i).getContent().toString();
                }
            }
        }
        return content.toString();
    }
}
