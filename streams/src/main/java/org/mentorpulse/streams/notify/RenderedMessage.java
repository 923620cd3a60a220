package org.mentorpulse.streams.notify;

/** A notification in words, in its recipient's language and zone: what every channel sends. */
public record RenderedMessage(String subject, String text, String html) {}
