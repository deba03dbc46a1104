package io.herald.ingest.auth;

import io.dropwizard.auth.Authenticator;
import io.herald.auth.ApiKeys;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the client of an API key by the key's SHA-256 hash ({@link ApiKeys#hash}). The lookup is by hash, so its time
 * tells an attacker nothing about any stored key.
 */
public final class ApiKeyAuthenticator implements Authenticator<String, ApiClient> {

    private final Map<String, ApiClient> byHash;

    /** @param byHash key hash (64 hex digits) → client, from {@link AuthFactory#buildKeyTable()} */
    public ApiKeyAuthenticator(Map<String, ApiClient> byHash) {
        this.byHash = Map.copyOf(byHash);
    }

    /**
     * @param key the key from the {@code Authorization: Bearer} header
     * @return its client, or empty if no client has this key
     */
    @Override
    public Optional<ApiClient> authenticate(String key) {
        return Optional.ofNullable(byHash.get(ApiKeys.hash(key)));
    }

    /** @return how many keys are configured, over all clients */
    public int keyCount() {
        return byHash.size();
    }
}
