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
 * message.
 */
public final class EmailChannel implements Channel {
    /** @param username empty: no authentication */
    public record Smtp(String host, int port, String from, String username, String password, boolean startTls,
            int timeoutMillis) {}

    private final Smtp smtp;
    private final Session session;

    public EmailChannel(Smtp smtp) {
        this.smtp = smtp;
        Properties props = new Properties();
        props.put("mail.smtp.host", smtp.host());
        props.put("mail.smtp.port", Integer.toString(smtp.port()));
        props.put("mail.smtp.connectiontimeout", Integer.toString(smtp.timeoutMillis()));
        props.put("mail.smtp.timeout", Integer.toString(smtp.timeoutMillis()));
        props.put("mail.smtp.writetimeout", Integer.toString(smtp.timeoutMillis()));
        props.put("mail.smtp.starttls.enable", Boolean.toString(smtp.startTls()));
        props.put("mail.smtp.starttls.required", Boolean.toString(smtp.startTls()));
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
    public void send(Recipient recipient, RenderedMessage message, String idempotencyKey, String jsonPayload)
            throws DeliveryFailure {
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
            Transport.send(mail);
        } catch (AddressException e) {
            throw new DeliveryFailure("not an e-mail address: " + e.getMessage(), true, e);
        } catch (AuthenticationFailedException e) {
            throw new DeliveryFailure("the SMTP server refused our credentials: " + e.getMessage(), true, e);
        } catch (SendFailedException e) {
            // the server refused the recipient: another attempt gets the same answer
            throw new DeliveryFailure("the SMTP server refused the message: " + e.getMessage(), true, e);
        } catch (MessagingException e) {
            throw new DeliveryFailure("SMTP " + smtp.host() + ":" + smtp.port() + ": " + e.getMessage(), false, e);
        }
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
