package org.mentorpulse.config;

/** A setting is missing or malformed; the message names the key and says what is expected. */
public class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
        super(message);
    }
}
