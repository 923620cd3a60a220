package org.mentorpulse.streams.notify;

/**
 * A channel could not deliver. {@code permanent}: trying again cannot help (no address, the receiver refused
 * the request as malformed or unauthorised); otherwise it may (a server away, a 5xx, a timeout) and is retried.
 */
public final class DeliveryFailure extends Exception {
    private final boolean permanent;

    public DeliveryFailure(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    public boolean permanent() {
        return permanent;
    }
}
