package org.mentorpulse.streams.notify;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Authenticator;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * E-mail over SMTP (Jakarta Mail, Eclipse Angus): a plain-text and an HTML part, the subject in UTF-8, and the
 * notification's id as the Message-ID, so a second delivery of the same notification is recognisably the same
 * message. Each sending thread keeps one connection open and reuses it (a new one per message costs a handshake
 * each time); a connection that fails is dropped, and the retry opens a new one. A connection idle for a while is
 * asked whether it is still up (NOOP) before it is used; one in use is not: that question was a fifth of the time
 * a burst of nudges spent on SMTP, and servers keep a connection for minutes (RFC 5321 asks at least five).
 */
public final class EmailChannel implements Channel, AutoCloseable {
    /** @param username empty: no authentication */
    public record Smtp(String host, int port, String from, String username, String password, boolean startTls,
            int timeoutMillis) {}

    private final Smtp smtp;
    private final java.util.function.LongSupplier nanoTime;
    private final Session session;
    /** how long a connection may rest and still be used without asking the server first */
    static final long IDLE_CHECK_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

    /** A thread's connection and when it last carried a message. */
    private static final class Connection {
        final Transport transport;
        long lastUsedNanos;

        Connection(Transport transport, long lastUsedNanos) {
            this.transport = transport;
            this.lastUsedNanos = lastUsedNanos;
        }
    }

    /** one connection per sending thread (the notifier's stream threads send in parallel) */
    private final ThreadLocal<Connection> connection = new ThreadLocal<>();
    private final java.util.Set<Transport> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public EmailChannel(Smtp smtp) {
        this(smtp, System::nanoTime);
    }

    /** @param nanoTime the clock a connection's rest is measured on (a test's own) */
    EmailChannel(Smtp smtp, java.util.function.LongSupplier nanoTime) {
        this.smtp = smtp;
        this.nanoTime = nanoTime;
        Properties props = new Properties();
        props.put("mail.smtp.host", smtp.host());
        props.put("mail.smtp.port", Integer.toString(smtp.port()));
        props.put("mail.smtp.connectiontimeout", Integer.toString(smtp.timeoutMillis()));
        props.put("mail.smtp.timeout", Integer.toString(smtp.timeoutMillis()));
        props.put("mail.smtp.writetimeout", Integer.toString(smtp.timeoutMillis()));
        props.put("mail.smtp.starttls.enable", Boolean.toString(smtp.startTls()));
        props.put("mail.smtp.starttls.required", Boolean.toString(smtp.startTls()));
        // the name we greet the server with; without it, every connection looks up this host's canonical name
        props.put("mail.smtp.localhost", "mentorpulse.invalid");
        boolean auth = !smtp.username().isEmpty();
        props.put("mail.smtp.auth", Boolean.toString(auth));
        this.session = Session.getInstance(props, auth ? new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(smtp.username(), smtp.password());
            }
        } : null);
    }

    @Override
    public void send(Recipient recipient, RenderedMessage message, String idempotencyKey,
            String jsonPayload) throws DeliveryFailure {
        if (recipient.email() == null) {
            throw new DeliveryFailure("no e-mail address for " + recipient.id(), true, null);
        }
        try {
            MimeMessage mail = new IdentifiedMessage(session, messageId(idempotencyKey));
            mail.setFrom(new InternetAddress(smtp.from()));
            mail.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(recipient.email(), true));
            mail.setSubject(message.subject(), StandardCharsets.UTF_8.name());
            MimeBodyPart text = new MimeBodyPart();
            text.setText(message.text(), StandardCharsets.UTF_8.name(), "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(message.html(), StandardCharsets.UTF_8.name(), "html");
            mail.setContent(new MimeMultipart("alternative", text, html));
            mail.setHeader("Content-Language", recipient.language() == null ? "en" : recipient.language());
            mail.saveChanges();
            connected().sendMessage(mail, mail.getAllRecipients());
        } catch (AddressException e) {
            throw new DeliveryFailure("not an e-mail address: " + e.getMessage(), true, e);
        } catch (AuthenticationFailedException e) {
            throw new DeliveryFailure("the SMTP server refused our credentials: " + e.getMessage(), true, e);
        } catch (SendFailedException e) {
            // the server refused the recipient: another attempt gets the same answer
            throw new DeliveryFailure("the SMTP server refused the message: " + e.getMessage(), true, e);
        } catch (MessagingException e) {
            drop();
            throw new DeliveryFailure("SMTP " + smtp.host() + ":" + smtp.port() + ": " + e.getMessage(), false, e);
        }
    }

    private Transport connected() throws MessagingException {
        Connection mine = connection.get();
        long now = nanoTime.getAsLong();
        if (mine == null || (now - mine.lastUsedNanos > IDLE_CHECK_NANOS && !mine.transport.isConnected())) {
            drop();
            Transport fresh = session.getTransport("smtp");
            fresh.connect();
            mine = new Connection(fresh, now);
            connection.set(mine);
            open.add(fresh);
        }
        mine.lastUsedNanos = now;
        return mine.transport;
    }

    /** Drops this thread's connection. */
    private void drop() {
        Connection mine = connection.get();
        if (mine != null) {
            closeQuietly(mine.transport);
            open.remove(mine.transport);
            connection.remove();
        }
    }

    private static void closeQuietly(Transport t) {
        try {
            t.close();
        } catch (MessagingException ignored) {
            // a connection that is already gone
        }
    }

    @Override
    public void close() {
        open.forEach(EmailChannel::closeQuietly);
        open.clear();
    }

    /** A Message-ID made of the notification's id: angle brackets, no spaces, at a MentorPulse domain. */
    static String messageId(String idempotencyKey) {
        return "<" + idempotencyKey.replaceAll("[^A-Za-z0-9._-]", ".") + "@mentorpulse.invalid>";
    }

    /** Jakarta Mail makes up a new Message-ID on every save unless told otherwise. */
    private static final class IdentifiedMessage extends MimeMessage {
        private final String id;

        IdentifiedMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }
}
