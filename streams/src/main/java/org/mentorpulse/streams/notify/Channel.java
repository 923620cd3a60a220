package org.mentorpulse.streams.notify;

/** One way of reaching people: e-mail, a chat webhook, a signed generic webhook. */
public interface Channel {
    /**
     * Sends one message once.
     *
     * @param idempotencyKey the notification's id: the same key for every attempt, so a receiver can drop a repeat
     */
    void send(Recipient recipient, RenderedMessage message, String idempotencyKey, String jsonPayload)
            throws DeliveryFailure;
}
