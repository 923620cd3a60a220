package org.mentorpulse.stack;

/** The local stack cannot do what was asked; the message says why and, where it can, what to do. */
public class StackException extends RuntimeException {
    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
