package org.mentorpulse.streams.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mentorpulse.schema.Delivery;

class SentLedgerTest {
    private static final long SETTLED = SentLedger.SETTLED.toNanos();

    @TempDir
    Path dir;

    private static Delivery sent(String id, String channel) {
        return new Delivery(id, "nudge", "p-ben", "prog", channel, Delivery.SENT, 1, "", "2026-05-04T10:00:00Z",
                List.of("m-1/stalled/2026-05-04"));
    }

    @Test
    void opensWithTheEntriesItsRestoredStoreLacksAndDropsTheCommittedOnes() {
        try (SentLedger first = SentLedger.open(dir, "0_1", key -> false, 0)) {
            first.sent(sent("a/nudge/p-ben/t", "email"), 0);
            first.sent(sent("b/nudge/p-ben/t", "email"), 0);
            first.sent(sent("b/nudge/p-ben/t", "webhook"), 0);
        }
        Set<String> committed = Set.of(SentLedger.key("a/nudge/p-ben/t", "email"));
        try (SentLedger second = SentLedger.open(dir, "0_1", committed::contains, 0)) {
            assertThat(second.carried("a/nudge/p-ben/t", "email")).isEmpty();
            assertThat(second.carried("b/nudge/p-ben/t", "email")).contains(sent("b/nudge/p-ben/t", "email"));
            assertThat(second.carried("b/nudge/p-ben/t", "webhook")).contains(sent("b/nudge/p-ben/t", "webhook"));
            assertThat(second.size()).isEqualTo(2);
        }
        // another task's ledger is its own
        try (SentLedger other = SentLedger.open(dir, "0_2", key -> false, 0)) {
            assertThat(other.size()).isZero();
        }
    }

    @Test
    void aLineCutShortByAKillIsIgnoredAndTheFileIsWholeAgain() throws Exception {
        try (SentLedger first = SentLedger.open(dir, "0_0", key -> false, 0)) {
            first.sent(sent("a/nudge/p-ben/t", "email"), 0);
        }
        Path file = dir.resolve("task-0_0.jsonl");
        Files.writeString(file, "{\"notification_id\":\"b/nud", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (SentLedger second = SentLedger.open(dir, "0_0", key -> false, 0)) {
            assertThat(second.all()).containsExactly(sent("a/nudge/p-ben/t", "email"));
            second.sent(sent("c/nudge/p-ben/t", "email"), 0);
        }
        try (SentLedger third = SentLedger.open(dir, "0_0", key -> false, 0)) {
            assertThat(third.all()).containsExactly(sent("a/nudge/p-ben/t", "email"), sent("c/nudge/p-ben/t", "email"));
        }
    }

    @Test
    void entriesOlderThanSettledArePrunedButCarriedOnesWaitForTheirNotification() throws Exception {
        try (SentLedger first = SentLedger.open(dir, "0_0", key -> false, 0)) {
            first.sent(sent("old/nudge/p-ben/t", "email"), 0);
        }
        try (SentLedger ledger = SentLedger.open(dir, "0_0", key -> false, 0)) {
            ledger.sent(sent("new/nudge/p-ben/t", "email"), 0);
            ledger.prune(SETTLED - 1);
            assertThat(ledger.size()).as("before it settled").isEqualTo(2);
            ledger.prune(SETTLED);
            assertThat(ledger.all()).as("the carried entry stays").containsExactly(sent("old/nudge/p-ben/t", "email"));
            ledger.settle("old/nudge/p-ben/t", "email", SETTLED);
            ledger.prune(2 * SETTLED - 1);
            assertThat(ledger.size()).isEqualTo(1);
            ledger.prune(2 * SETTLED);
            assertThat(ledger.size()).isZero();
            assertThat(Files.readString(dir.resolve("task-0_0.jsonl"))).isEmpty();
        }
    }

    @Test
    void forgettingAParticipantRemovesTheEntriesNamingThemFromTheFile() throws Exception {
        try (SentLedger ledger = SentLedger.open(dir, "0_0", key -> false, 0)) {
            ledger.sent(sent("m-1/stalled/d/nudge/p-ben/t", "email"), 0);
            ledger.sent(sent("m-1/stalled/d/nudge/p-benjamin/t", "email"), 0);
            ledger.forget("p-ben");
            assertThat(Files.readString(dir.resolve("task-0_0.jsonl"))).contains("/p-benjamin/")
                    .doesNotContain("/p-ben/");
        }
    }

    @Test
    void anUnwritableDirectoryIsAClearErrorNamingThePath() throws Exception {
        Path blocked = dir.resolve("a-file");
        Files.writeString(blocked, "not a directory");
        assertThatThrownBy(() -> SentLedger.open(blocked.resolve("ledgers"), "0_0", key -> false, 0))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot open the notifier's ledger of sent messages at " + blocked);
    }
}
