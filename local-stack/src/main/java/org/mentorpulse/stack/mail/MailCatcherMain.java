package org.mentorpulse.stack.mail;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * Entry point of the child JVM that runs the local mail catcher: GreenMail with SMTP and IMAP on loopback, no
 * authentication. It keeps every message it receives in its recipient's mailbox (created on first delivery;
 * with authentication off, IMAP accepts any password for it), so the notifier delivers real mail locally and
 * people and tests read it back over IMAP.
 *
 * <p>Arguments: the SMTP port and the IMAP port.
 */
public final class MailCatcherMain {
    private MailCatcherMain() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: MailCatcherMain <smtp-port> <imap-port>");
            System.exit(2);
        }
        GreenMail mail = new GreenMail(new ServerSetup[] {
                new ServerSetup(Integer.parseInt(args[0]), "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(Integer.parseInt(args[1]), "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        mail.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        mail.start();
        System.out.println("mail catcher: SMTP 127.0.0.1:" + args[0] + ", IMAP 127.0.0.1:" + args[1]);
        Runtime.getRuntime().addShutdownHook(new Thread(mail::stop));
        Thread.currentThread().join();
    }
}
