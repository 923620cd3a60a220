package org.mentorpulse.analytics.outcomes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mentorpulse.config.ConfigurationException;

class PseudonymsTest {
    private static final String KEY = "0123456789abcdef0123456789abcdef-test";
    private final Pseudonyms pseudonyms = Pseudonyms.of(KEY, "");

    @Test
    void theSamePersonGetsTheSamePseudonymAndKindsNeverCollide() {
        assertThat(pseudonyms.participant("p-1")).isEqualTo(Pseudonyms.of(KEY, "").participant("p-1"))
                .hasSize(32).matches("[0-9a-f]{32}")
                .isNotEqualTo(pseudonyms.participant("p-2"))
                .isNotEqualTo(pseudonyms.match("p-1"))
                .isNotEqualTo(pseudonyms.cohort("p-1"));
        assertThat(pseudonyms.match("")).isEmpty();
        assertThat(pseudonyms.participant(null)).isEmpty();
    }

    @Test
    void anotherKeyGivesOtherPseudonymsAndAnotherKeyId() {
        Pseudonyms rotated = Pseudonyms.of(KEY + "-rotated", "");
        assertThat(rotated.participant("p-1")).isNotEqualTo(pseudonyms.participant("p-1"));
        assertThat(rotated.keyId()).startsWith("sha256:").isNotEqualTo(pseudonyms.keyId());
        assertThat(pseudonyms.keyId()).hasSize("sha256:".length() + 12).doesNotContain(KEY);
        assertThat(Pseudonyms.of(KEY, "key-2026-11").keyId()).isEqualTo("key-2026-11");
        assertThat(pseudonyms.toString()).doesNotContain(KEY);
    }

    @Test
    void aMissingOrShortKeyIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> Pseudonyms.of("", "")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("research.pseudonym-key").hasMessageContaining("MENTORPULSE_RESEARCH_PSEUDONYM_KEY");
        assertThatThrownBy(() -> Pseudonyms.of("short", "")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("research.pseudonym-key").hasMessageContaining("is 5 characters long");
    }
}
