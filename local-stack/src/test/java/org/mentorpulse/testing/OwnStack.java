package org.mentorpulse.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mentorpulse.config.Settings;
import org.mentorpulse.stack.LocalStack;

/**
 * A stack for one test class alone, under {@code target/<dir>} on free ports: emptied before the class and removed
 * after it. For tests whose log must hold nothing but their own events (register it as a static
 * {@code @RegisterExtension} field; it is ready before the class's {@code @BeforeAll} methods run).
 */
public final class OwnStack implements BeforeAllCallback, AfterAllCallback {
    private final LocalStack stack;

    public OwnStack(String dir) {
        this.stack = new LocalStack(LocalStackExtension.stackOnFreePorts(dir), System.out);
    }

    /** The stack's settings, with its research pseudonym key. */
    public Settings settings() {
        return stack.settings();
    }

    public LocalStack stack() {
        return stack;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        stack.down(true);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stack.down(true);
    }
}
