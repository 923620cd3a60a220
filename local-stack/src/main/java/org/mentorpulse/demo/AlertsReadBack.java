package org.mentorpulse.demo;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mentorpulse.stack.Endpoints;
import org.mentorpulse.stack.StackException;
import org.mentorpulse.stack.Stillness;
import org.mentorpulse.stack.StackState.MailState;
import org.mentorpulse.stack.mail.MailCatcher;
import org.mentorpulse.testkit.webhooks.SignedWebhookReceiver;

/**
 * What the alerts of a program did, as the people at the other end saw it: the alerts raised and the matches held
 * out (from {@code mentorpulse.alerts}), and the nudges and escalations that arrived, read back from the mail
 * server over IMAP and from the webhook receiver, not from our own log.
 *
 * @param raisedByKind kind -> alerts raised
 * @param heldOut the matches held out of nudges
 * @param nudgesRecorded nudged transitions in the alerts table
 * @param nudgeMails nudge mails found in the participants' mailboxes
 * @param nudgeRecipients participants who received at least one nudge
 * @param escalationsRecorded escalated transitions in the alerts table
 * @param escalationMails mails found in the manager's mailbox
 * @param webhooks webhook requests received, and how many carried a valid signature
 * @param failedDeliveries delivery_failed transitions
 * @param nudgesToHeldOut nudged transitions of held-out matches (there must be none)
 * @param distinctNudgeMails distinct Message-IDs among the nudge mails: a mail delivered twice counts once
 * @param distinctEscalationMails distinct Message-IDs in the manager's mailbox
 * @param distinctWebhooks distinct {@code webhook-id}s among the webhook requests
 */
public record AlertsReadBack(Map<String, Integer> raisedByKind, List<String> heldOut, int nudgesRecorded,
        int nudgeMails, int nudgeRecipients, List<String> sampleSubjects, int escalationsRecorded,
        int escalationMails, int webhooks, int validWebhooks, int failedDeliveries, int nudgesToHeldOut,
        int distinctNudgeMails, int distinctEscalationMails, int distinctWebhooks) {

    /** how long the alerts may stand still (no transition, no delivery) before the wait gives up */
    private static final Duration STALLED = Duration.ofMinutes(2);

    /**
     * Waits until every alert of the program that is still open has been escalated and every notification the
     * alerts table records has a delivery outcome, then reads the mailboxes and the receiver.
     */
    public static AlertsReadBack await(Endpoints endpoints, String programId, String managerEmail,
            SignedWebhookReceiver receiver, PrintStream out) {
        Stillness settling = new Stillness(STALLED);
        try (Connection c = endpoints.openClickHouse()) {
            while (true) {
                long waiting = count(c, "SELECT count() FROM (SELECT alert_id, groupArray(transition) AS t FROM "
                        + "mentorpulse.alerts FINAL WHERE program_id = ? GROUP BY alert_id) "
                        + "WHERE NOT has(t, 'resolved') AND NOT has(t, 'escalated')", programId);
                long notifications = count(c, "SELECT count() FROM mentorpulse.alerts FINAL WHERE program_id = ? "
                        + "AND transition IN ('nudged', 'escalated')", programId);
                long outcomes = count(c, "SELECT uniqExact(notification_id) FROM mentorpulse.deliveries FINAL "
                        + "WHERE program_id = ?", programId);
                if (waiting == 0 && outcomes >= notifications) {
                    break;
                }
                if (settling.stillFor(List.of(waiting, notifications, outcomes))) {
                    throw new StackException("the alerts did not settle: nothing changed for " + STALLED.toMinutes()
                            + " minutes (" + waiting + " open alerts not yet escalated, " + outcomes + " of "
                            + notifications + " notifications delivered or failed)");
                }
                out.printf("  waiting for the alerts: %d open alerts not yet escalated, %d / %d notifications "
                        + "delivered%n", waiting, outcomes, notifications);
                Thread.sleep(2000);
            }
            // The alerts table and the mailboxes are filled by different stages (the table trails the alert log by
            // a sink's batch, the notifier mails at once), so one may be read a step ahead of the other: read both
            // until they agree, or until what is read stops changing, and report what was read last.
            Stillness agreeing = new Stillness(STALLED);
            while (true) {
                AlertsReadBack read = readOnce(c, endpoints, programId, managerEmail, receiver);
                if (read.agrees() || agreeing.stillFor(read)) {
                    return read;
                }
                Thread.sleep(500);
            }
        } catch (SQLException e) {
            throw new StackException("cannot read the alerts from ClickHouse: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted", e);
        }
    }

    /** Deliveries and records agree: as many nudge and escalation mails, and webhooks, as recorded transitions. */
    private boolean agrees() {
        return nudgeMails == nudgesRecorded && escalationMails == escalationsRecorded && webhooks == escalationsRecorded;
    }

    private static AlertsReadBack readOnce(Connection c, Endpoints endpoints, String programId, String managerEmail,
            SignedWebhookReceiver receiver) throws SQLException {
        Map<String, Integer> raised = new TreeMap<>();
        for (List<String> row : rows(c, "SELECT kind, toString(count()) FROM mentorpulse.alerts FINAL WHERE "
                + "program_id = ? AND transition = 'raised' GROUP BY kind", programId)) {
            raised.put(row.get(0), Integer.parseInt(row.get(1)));
        }
        List<String> heldOut = rows(c, "SELECT DISTINCT match_id FROM mentorpulse.alerts FINAL WHERE program_id = ? "
                + "AND transition = 'raised' AND held_out = 1 ORDER BY match_id", programId).stream()
                .map(r -> r.get(0)).toList();
        List<String> nudged = rows(c, "SELECT recipient FROM mentorpulse.alerts FINAL WHERE program_id = ? AND "
                + "transition = 'nudged'", programId).stream().map(r -> r.get(0)).toList();
        int escalations = (int) count(c, "SELECT count() FROM mentorpulse.alerts FINAL WHERE program_id = ? AND "
                + "transition = 'escalated'", programId);
        int failed = (int) count(c, "SELECT count() FROM mentorpulse.alerts FINAL WHERE program_id = ? AND "
                + "transition = 'delivery_failed'", programId);

        int nudgesToHeldOut = (int) count(c, "SELECT count() FROM mentorpulse.alerts FINAL WHERE program_id = ? "
                + "AND transition = 'nudged' AND match_id IN (SELECT match_id FROM mentorpulse.alerts FINAL "
                + "WHERE transition = 'raised' AND held_out = 1)", programId);
        MailState mail = endpoints.mail();
        int nudgeMails = 0;
        java.util.Set<String> nudgeIds = new java.util.HashSet<>();
        List<String> subjects = new ArrayList<>();
        TreeSet<String> recipients = new TreeSet<>(nudged);
        for (String participant : recipients) {
            // the generator registers participant@example.org
            for (MailCatcher.Mail m : MailCatcher.inbox(mail.host(), mail.imapPort(), participant + "@example.org")) {
                nudgeMails++;
                nudgeIds.add(participant + " " + m.messageId());
                String sample = m.subject() + " (" + m.language() + ")";
                if (subjects.size() < 2 && !subjects.contains(sample)) {
                    subjects.add(sample);
                }
            }
        }
        List<MailCatcher.Mail> managerMails = MailCatcher.inbox(mail.host(), mail.imapPort(), managerEmail);
        int escalationMails = managerMails.size();
        List<SignedWebhookReceiver.Received> hooks = receiver.received();
        return new AlertsReadBack(raised, heldOut, nudged.size(), nudgeMails, recipients.size(), subjects,
                escalations, escalationMails, hooks.size(),
                (int) hooks.stream().filter(SignedWebhookReceiver.Received::signatureValid).count(), failed,
                nudgesToHeldOut, nudgeIds.size(),
                (int) managerMails.stream().map(MailCatcher.Mail::messageId).distinct().count(),
                (int) hooks.stream().map(SignedWebhookReceiver.Received::id).distinct().count());
    }

    public void print(PrintStream out) {
        out.printf("Alerts raised: %s; matches held out of nudges (measured against, never nudged): %s%n",
                raisedByKind, heldOut.isEmpty() ? "none" : heldOut);
        out.printf("Nudges: %d recorded, %d mails found in %d participants' mailboxes, e.g. %s%n", nudgesRecorded,
                nudgeMails, nudgeRecipients, sampleSubjects);
        out.printf("Escalations: %d recorded, %d mails in the manager's mailbox, %d signed webhooks received (%d "
                + "with a valid signature)%n", escalationsRecorded, escalationMails, webhooks, validWebhooks);
        if (nudgeMails > distinctNudgeMails || escalationMails > distinctEscalationMails || webhooks > distinctWebhooks) {
            out.printf("Delivered again with the same id (Message-ID, webhook-id): %d nudge mails, %d escalation "
                    + "mails, %d webhooks%n", nudgeMails - distinctNudgeMails, escalationMails - distinctEscalationMails,
                    webhooks - distinctWebhooks);
        }
        if (failedDeliveries > 0) {
            out.printf("Failed deliveries: %d (see mentorpulse.alerts, transition delivery_failed)%n", failedDeliveries);
        }
    }

    private static long count(Connection c, String sql, String param) throws SQLException {
        return Long.parseLong(rows(c, sql, param).get(0).get(0));
    }

    private static List<List<String>> rows(Connection c, String sql, String param) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                List<List<String>> out = new ArrayList<>();
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        row.add(rs.getString(i));
                    }
                    out.add(row);
                }
                return out;
            }
        }
    }
}
