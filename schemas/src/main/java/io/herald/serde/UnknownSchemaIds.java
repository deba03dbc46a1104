package io.herald.serde;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Schema ids that a registry said it does not know, remembered for a while so that no reader asks about the same id
 * again for every record: a backlog written under ids of a lost registry would otherwise cost one registry round trip
 * per record. After {@link #DEFAULT_TTL} the id is asked about again, in case it was registered since. Thread-safe.
 */
public final class UnknownSchemaIds {

    /** How long an unknown id is not asked about again: 1 minute. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(1);

    private static final UnknownSchemaIds SHARED = new UnknownSchemaIds(Clock.systemUTC(), DEFAULT_TTL);

    private final Clock clock;
    private final long ttlMs;
    /** Key: registry URL + '#' + id; value: when the registry said so, in epoch ms. */
    private final Map<String, Long> unknownSince = new ConcurrentHashMap<>();

    /**
     * @param clock the time source
     * @param ttl how long an unknown id is not asked about again
     */
    public UnknownSchemaIds(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttlMs = ttl.toMillis();
    }

    /** @return the one instance every reader of this JVM shares, with {@link #DEFAULT_TTL} */
    public static UnknownSchemaIds shared() {
        return SHARED;
    }

    /**
     * @param registryUrl the registry's URL, as the serde was configured with (may be null)
     * @param schemaId a schema id
     * @return whether that registry said within the last TTL that it does not know the id
     */
    public boolean isKnownUnknown(String registryUrl, int schemaId) {
        Long since = unknownSince.get(key(registryUrl, schemaId));
        if (since == null) {
            return false;
        }
        if (clock.millis() - since >= ttlMs) {
            unknownSince.remove(key(registryUrl, schemaId), since);
            return false;
        }
        return true;
    }

    /**
     * Remembers that the registry does not know an id.
     *
     * @param registryUrl the registry's URL (may be null)
     * @param schemaId the id it does not know
     */
    public void remember(String registryUrl, int schemaId) {
        unknownSince.put(key(registryUrl, schemaId), clock.millis());
    }

    private static String key(String registryUrl, int schemaId) {
        return registryUrl + '#' + schemaId;
    }
}
