package io.herald.ingest.auth;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.github.bucket4j.TimeMeter;
import io.herald.auth.ApiKeys;
import java.util.Map;

/** One API client and key for the resource tests, with the real auth providers. */
public final class TestAuth {

    /** The client's id. */
    public static final String CLIENT_ID = "test-client";
    /** Its key. */
    public static final String KEY = "hrld_resource-tests-key-not-a-secret-0123456789";
    /** The {@code Authorization} header value that carries it. */
    public static final String BEARER = "Bearer " + KEY;
    /** The client, with quotas far above what the tests send. */
    public static final ApiClient CLIENT = new ApiClient(CLIENT_ID, new ApiClient.Quota(100_000, 10_000_000));

    private TestAuth() {
    }

    /**
     * @param builder a resource extension being built
     * @return it, with the auth feature, the client injection and the quota filter added
     */
    public static ResourceExtension.Builder withAuth(ResourceExtension.Builder builder) {
        ApiAuth.providers(new ApiKeyAuthenticator(Map.of(ApiKeys.hash(KEY), CLIENT)), "herald",
                quotas()).forEach(builder::addProvider);
        return builder;
    }

    /** @return fresh quotas on the system clock */
    public static ClientQuotas quotas() {
        return new ClientQuotas(new MetricRegistry(), TimeMeter.SYSTEM_NANOTIME);
    }
}
