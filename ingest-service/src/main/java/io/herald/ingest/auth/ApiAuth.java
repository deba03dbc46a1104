package io.herald.ingest.auth;

import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthValueFactoryProvider;
import java.util.List;

/**
 * The Jersey providers that put the API behind keys and quotas: Dropwizard's {@link AuthDynamicFeature} with
 * {@link BearerKeyAuthFilter} on every resource method that takes an {@code @Auth ApiClient}, the injection of that
 * client, and the {@link RequestQuotaFilter}.
 */
public final class ApiAuth {

    private ApiAuth() {
    }

    /**
     * @param authenticator finds a key's client
     * @param realm the realm of the 401's challenge
     * @param quotas the clients' buckets
     * @return the providers to register with Jersey, in order
     */
    public static List<Object> providers(ApiKeyAuthenticator authenticator, String realm, ClientQuotas quotas) {
        return List.of(new AuthDynamicFeature(BearerKeyAuthFilter.create(authenticator, realm)),
                new AuthValueFactoryProvider.Binder<>(ApiClient.class),
                new RequestQuotaFilter(quotas));
    }
}
