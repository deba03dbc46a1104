package io.herald.ingest.idempotency;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * An {@link IdempotencyStore} in this process's memory alone, with the same {@link IdempotencyRules} as the Kafka
 * store: nothing is shared between instances or kept across restarts. For tests and single-process tools.
 * Thread-safe (every method is synchronized).
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {

    private final Map<String, IdempotencyEntry> entries = new HashMap<>();
    private final IdempotencyRules rules;
    private final Clock clock;
    private long offset;

    /**
     * @param rules the retention and claim timeout
     * @param clock the time of claims and completions
     */
    public InMemoryIdempotencyStore(IdempotencyRules rules, Clock clock) {
        this.rules = rules;
        this.clock = clock;
    }

    @Override
    public synchronized Start begin(String clientId, String key, String requestHash) {
        String recordKey = IdempotencyStore.recordKey(clientId, key);
        IdempotencyEntry entry = entries.get(recordKey);
        switch (rules.verdict(entry, requestHash, clock.millis())) {
            case REPLAY:
                return new Replay(entry.batchId(), entry.response());
            case MISMATCH:
                throw new IdempotencyKeyReusedException();
            case IN_PROGRESS:
                throw new IdempotencyKeyInUseException();
            default:
                Claim claim = new Claim(recordKey, UUID.randomUUID().toString(), requestHash);
                write(claim, IdempotencyRecord.Kind.CLAIM, null, null);
                return new Claimed(claim);
        }
    }

    @Override
    public synchronized void complete(Claim claim, String batchId, String response) {
        write(claim, IdempotencyRecord.Kind.DONE, batchId, response);
    }

    @Override
    public synchronized void release(Claim claim) {
        write(claim, IdempotencyRecord.Kind.RELEASE, null, null);
    }

    private void write(Claim claim, IdempotencyRecord.Kind kind, String batchId, String response) {
        IdempotencyRecord record = new IdempotencyRecord(kind, claim.claimId(), claim.requestHash(), clock.millis(),
                batchId, response);
        IdempotencyEntry next = rules.apply(entries.get(claim.recordKey()), record, 0, offset++);
        if (next == null) {
            entries.remove(claim.recordKey());
        } else {
            entries.put(claim.recordKey(), next);
        }
    }
}
