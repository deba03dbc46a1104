package io.herald.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.herald.auth.ApiKeys;
import io.herald.ingest.api.QuietHoursRequest;
import io.herald.schema.PriorityLane;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthFactoryTest {

    private static final ObjectMapper YAML_LIKE = Jackson.newObjectMapper();

    @Test
    void shouldFindAClientByItsKeyAndNoOneByAnotherKey() throws Exception {
        String key = ApiKeys.generate();
        AuthFactory auth = YAML_LIKE.readValue("""
                {"clients": {"acme": {"keyHashes": "%s", "requestsPerSecond": 7, "recipientsPerMinute": 900},
                             "unset": {"keyHashes": ""}}}""".formatted(ApiKeys.hash(key)), AuthFactory.class);

        ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(auth.buildKeyTable());

        assertThat(authenticator.authenticate(key)).contains(new ApiClient("acme", new ApiClient.Quota(7, 900)));
        assertThat(authenticator.authenticate(key + "x")).isEmpty();
        assertThat(authenticator.authenticate(ApiKeys.hash(key))).as("the hash is not a key").isEmpty();
        assertThat(authenticator.keyCount()).isEqualTo(1);
        assertThat(auth.isClientsWellFormed()).isTrue();
    }

    @Test
    void shouldRefuseMalformedHashesIdsAndAHashOfTwoClients() {
        String hash = ApiKeys.hash(ApiKeys.generate());
        assertThat(factory(Map.of("acme", List.of(hash.toUpperCase()))).isClientsWellFormed()).isFalse();
        assertThat(factory(Map.of("acme", List.of("abc"))).isClientsWellFormed()).isFalse();
        assertThat(factory(Map.of("a b", List.of(hash))).isClientsWellFormed()).isFalse();
        assertThatThrownBy(() -> factory(Map.of("a", List.of(hash), "b", List.of(hash))).buildKeyTable())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    }

    @Test
    void shouldGiveAClientItsDefaultQuietHoursAndRefuseOnesThatAreNotTimes() throws Exception {
        String key = ApiKeys.generate();
        AuthFactory auth = YAML_LIKE.readValue("""
                {"clients": {"acme": {"keyHashes": "%s", "quietHours": {"start": "21:00", "end": "08:00"}}}}"""
                .formatted(ApiKeys.hash(key)), AuthFactory.class);
        ApiClient acme = new ApiKeyAuthenticator(auth.buildKeyTable()).authenticate(key).orElseThrow();
        assertThat(acme.quietHours()).isEqualTo(new QuietHoursRequest("21:00", "08:00"));

        AuthFactory bad = YAML_LIKE.readValue("""
                {"clients": {"acme": {"keyHashes": "%s", "quietHours": {"start": "21:00", "end": "21:00"}}}}"""
                .formatted(ApiKeys.hash(key)), AuthFactory.class);
        assertThatThrownBy(bad::buildKeyTable).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auth.clients.acme.quietHours");
    }

    @Test
    void shouldGiveAClientItsMaxPriorityHighByDefaultAndRefuseAnUnknownOne() throws Exception {
        String key = ApiKeys.generate();
        AuthFactory auth = YAML_LIKE.readValue("""
                {"clients": {"acme": {"keyHashes": "%s", "maxPriority": "Bulk"}, "otp": {"keyHashes": []}}}"""
                .formatted(ApiKeys.hash(key)), AuthFactory.class);
        ApiClient acme = new ApiKeyAuthenticator(auth.buildKeyTable()).authenticate(key).orElseThrow();
        assertThat(acme.maxPriority()).isEqualTo(PriorityLane.BULK);
        assertThat(acme.allowsLane(PriorityLane.NORMAL)).isFalse();
        assertThat(acme.allowsLane(PriorityLane.BULK)).isTrue();
        assertThat(new ApiClient("otp", new ApiClient.Quota(1, 1)).allowsLane(PriorityLane.HIGH)).isTrue();

        AuthFactory bad = YAML_LIKE.readValue("""
                {"clients": {"acme": {"keyHashes": "%s", "maxPriority": "urgent"}}}"""
                .formatted(ApiKeys.hash(key)), AuthFactory.class);
        assertThatThrownBy(bad::buildKeyTable).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auth.clients.acme.maxPriority");
    }

    @Test
    void shouldMakeKeysOfTheDocumentedShape() {
        String key = ApiKeys.generate();
        assertThat(key).matches("hrld_[A-Za-z0-9_-]{43}");
        assertThat(ApiKeys.generate()).isNotEqualTo(key);
        // FIPS 180-4 test vector "abc"
        assertThat(ApiKeys.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(BearerKeyAuthFilter.keyOf("bearer  " + key + " ")).isEqualTo(key);
        assertThat(BearerKeyAuthFilter.keyOf("Basic " + key)).isNull();
        assertThat(BearerKeyAuthFilter.keyOf("Bearer")).isNull();
        assertThat(BearerKeyAuthFilter.keyOf("Bearer a b")).isNull();
    }

    private static AuthFactory factory(Map<String, List<String>> hashes) {
        AuthFactory auth = new AuthFactory();
        hashes.forEach((id, list) -> {
            AuthFactory.ClientFactory client = new AuthFactory.ClientFactory();
            client.setKeyHashes(list);
            auth.getClients().put(id, client);
        });
        return auth;
    }
}
