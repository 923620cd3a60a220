package org.mentorpulse.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordsTest {
    @Test
    void aHashMatchesItsPasswordOnlyAndIsSaltedEachTime() {
        String hash = Passwords.hash("correct horse".toCharArray());
        assertThat(hash).startsWith("pbkdf2-sha256$210000$");
        assertThat(Passwords.matches("correct horse".toCharArray(), hash)).isTrue();
        assertThat(Passwords.matches("correct hors".toCharArray(), hash)).isFalse();
        assertThat(Passwords.hash("correct horse".toCharArray())).isNotEqualTo(hash);
    }

    @Test
    void aRandomPasswordIsTwentyUrlSafeCharactersAndNewEachTime() {
        String password = Passwords.randomPassword();
        assertThat(password).hasSize(20).matches("[A-Za-z0-9_-]+").isNotEqualTo(Passwords.randomPassword());
        assertThat(Passwords.matches(password.toCharArray(), Passwords.hash(password.toCharArray()))).isTrue();
    }

    @Test
    void aMissingOrMalformedHashMatchesNothing() {
        assertThat(Passwords.matches("x".toCharArray(), null)).isFalse();
        assertThat(Passwords.matches("x".toCharArray(), "plain-text")).isFalse();
        assertThat(Passwords.matches("x".toCharArray(), "pbkdf2-sha256$0$AAAA$AAAA")).isFalse();
        assertThat(Passwords.matches("x".toCharArray(), "pbkdf2-sha256$1000$not base64!$AAAA")).isFalse();
        assertThat(Passwords.matches("x".toCharArray(), "md5$1$a$b")).isFalse();
    }
}
