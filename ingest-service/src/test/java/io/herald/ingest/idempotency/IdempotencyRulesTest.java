package io.herald.ingest.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.ingest.idempotency.IdempotencyRecord.Kind;
import io.herald.ingest.idempotency.IdempotencyRules.Verdict;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fold of a key's records: first claim wins, timeouts, completion, release, expiry, and what requests are told. */
class IdempotencyRulesTest {

    private static final long T0 = 1_780_000_000_000L;
    private static final long MINUTE = 60_000;
    private static final long DAY = 24 * 60 * MINUTE;

    private final IdempotencyRules rules = new IdempotencyRules(Duration.ofHours(24), Duration.ofMinutes(2));

    @Test
    void shouldLetTheFirstOfOverlappingClaimsWin() {
        // when two instances claim the key, a second apart
        IdempotencyEntry entry = fold(claim("a", "h1", T0), claim("b", "h1", T0 + 1000));

        // then the first in the log holds it, whatever the second's hash
        assertThat(entry.claimId()).isEqualTo("a");
        assertThat(entry.state()).isEqualTo(IdempotencyEntry.State.CLAIMED);
        assertThat(rules.verdict(entry, "h1", T0 + 2000)).isEqualTo(Verdict.IN_PROGRESS);
        assertThat(rules.verdict(entry, "h2", T0 + 2000)).isEqualTo(Verdict.MISMATCH);
    }

    @Test
    void shouldReplayACompletionForTheSameHashAndRefuseAnother() {
        // when
        IdempotencyEntry entry = fold(claim("a", "h1", T0), done("a", "h1", T0 + 500), claim("b", "h1", T0 + 900));

        // then the late claim lost to the completion
        assertThat(entry.state()).isEqualTo(IdempotencyEntry.State.DONE);
        assertThat(entry.claimId()).isEqualTo("a");
        assertThat(entry.batchId()).isEqualTo("batch-a");
        assertThat(entry.offset()).as("the DONE record's offset").isEqualTo(1);
        assertThat(rules.verdict(entry, "h1", T0 + DAY - 1)).isEqualTo(Verdict.REPLAY);
        assertThat(rules.verdict(entry, "h2", T0 + DAY - 1)).isEqualTo(Verdict.MISMATCH);
    }

    @Test
    void shouldFreeTheKeyWhenACompletionExpires() {
        // given
        IdempotencyEntry done = fold(claim("a", "h1", T0), done("a", "h1", T0));

        // when a day has passed, a new claim takes the key
        IdempotencyEntry later = fold(claim("a", "h1", T0), done("a", "h1", T0), claim("b", "h2", T0 + DAY + 1));

        // then
        assertThat(rules.verdict(done, "h2", T0 + DAY + 1)).isEqualTo(Verdict.FREE);
        assertThat(later.claimId()).isEqualTo("b");
        assertThat(rules.isForgettable(done, T0 + DAY + 2 * MINUTE + 1)).isTrue();
        assertThat(rules.isForgettable(done, T0 + DAY)).isFalse();
    }

    @Test
    void shouldLetAClaimTakeOverOneThatTimedOut() {
        // when the first claimant's instance died: no DONE or RELEASE within the claim timeout
        IdempotencyEntry entry = fold(claim("a", "h1", T0), claim("b", "h1", T0 + 2 * MINUTE + 1));

        // then
        assertThat(rules.verdict(fold(claim("a", "h1", T0)), "h1", T0 + 2 * MINUTE + 1)).isEqualTo(Verdict.FREE);
        assertThat(entry.claimId()).isEqualTo("b");
    }

    @Test
    void shouldReleaseOnlyTheClaimThatHoldsTheKey() {
        // when a's release comes after b took the timed-out key over, and b releases its own
        IdempotencyEntry afterStaleRelease = fold(claim("a", "h1", T0), claim("b", "h1", T0 + 3 * MINUTE),
                release("a", T0 + 3 * MINUTE + 1));
        IdempotencyEntry afterOwnRelease = fold(claim("b", "h1", T0), release("b", T0 + 1));

        // then
        assertThat(afterStaleRelease.claimId()).isEqualTo("b");
        assertThat(afterOwnRelease).isNull();
        assertThat(rules.verdict(afterOwnRelease, "h2", T0 + 2)).isEqualTo(Verdict.FREE);
    }

    @Test
    void shouldKeepTheFirstCompletionAndAcceptItsRewrite() {
        // when a took over from b, b still completes, then a completes; later the completion of b is written again
        IdempotencyEntry entry = fold(claim("b", "h1", T0), claim("a", "h1", T0 + 3 * MINUTE),
                done("b", "h1", T0 + 3 * MINUTE + 1), done("a", "h1", T0 + 3 * MINUTE + 2),
                done("b", "h1", T0 + 3 * MINUTE + 1));

        // then b's batch, written first, is the answer, at the offset of its rewrite
        assertThat(entry.claimId()).isEqualTo("b");
        assertThat(entry.offset()).isEqualTo(4);
    }

    @Test
    void shouldTakeACompletionWhoseClaimWasCompactedAway() {
        // when compaction left only the DONE
        IdempotencyEntry entry = fold(done("a", "h1", T0));

        // then
        assertThat(entry.state()).isEqualTo(IdempotencyEntry.State.DONE);
        assertThat(entry.withoutResponse().response()).isNull();
        assertThat(entry.withoutResponse().batchId()).isEqualTo("batch-a");
    }

    private IdempotencyEntry fold(IdempotencyRecord... records) {
        IdempotencyEntry entry = null;
        long offset = 0;
        for (IdempotencyRecord record : List.of(records)) {
            entry = rules.apply(entry, record, 0, offset++);
        }
        return entry;
    }

    private static IdempotencyRecord claim(String claimId, String hash, long at) {
        return new IdempotencyRecord(Kind.CLAIM, claimId, hash, at, null, null);
    }

    private static IdempotencyRecord done(String claimId, String hash, long at) {
        return new IdempotencyRecord(Kind.DONE, claimId, hash, at, "batch-" + claimId, "{\"batchId\":\"batch-"
                + claimId + "\"}");
    }

    private static IdempotencyRecord release(String claimId, long at) {
        return new IdempotencyRecord(Kind.RELEASE, claimId, "h", at, null, null);
    }
}
