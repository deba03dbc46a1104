package io.herald.smsc.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.auth.oauth2.ServiceAccountCredentials;
import io.herald.smsc.PortInUseException;
import io.herald.smsc.SmscSimulator;
import io.herald.smsc.SmscSimulatorConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's FCM HTTP v1 server against real clients: Google's google-auth-library gets the access token from
 * the simulator's token endpoint (RFC 7523 JWT bearer grant), the JDK's HTTP client sends the messages.
 */
class FcmServerTest {

    private static final String TOKEN = "fcm-token-1:APA91bH" + "x".repeat(140);

    @TempDir
    static Path credentialsDir;

    private static SmscSimulator smsc;
    private static FcmTestClient fcm;
    private static String accessToken;

    @BeforeAll
    static void start() throws Exception {
        smsc = new SmscSimulator(SmscSimulatorConfig.builder().smppPort(0).httpPort(0).fcmPort(0)
                .pushCredentialsDir(credentialsDir).build());
        smsc.start();
        fcm = new FcmTestClient(smsc.fcmPort(), credentialsDir);
        accessToken = fcm.accessToken();
    }

    @AfterAll
    static void stop() {
        smsc.close();
    }

    @BeforeEach
    void reset() {
        smsc.reset();
    }

    @Test
    void shouldIssueATokenToGoogleAuthLibraryAndRecordTheMessageSentWithIt() throws Exception {
        // given a token from the simulator's endpoint, fetched by Google's own library
        String bearer = fcm.accessToken();
        String heraldId = UUID.randomUUID().toString();

        // when
        HttpResponse<String> response = fcm.send(bearer, FcmTestClient.message(TOKEN, heraldId));

        // then
        assertThat(bearer).startsWith("ya29.");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String name = FcmTestClient.json(response).get("name").asText();
        assertThat(name).matches("projects/herald-demo/messages/0:\\d{16}%[0-9a-f]{16}");
        assertThat(smsc.pushes()).singleElement().satisfies(push -> {
            assertThat(push.platform()).isEqualTo("android");
            assertThat(push.token()).isEqualTo(TOKEN);
            assertThat(push.heraldMessageId()).isEqualTo(heraldId);
            assertThat(push.gatewayId()).isEqualTo(name);
            assertThat(push.title()).isEqualTo("Your code");
            assertThat(push.body()).isEqualTo("Code 1234");
            assertThat(push.data()).isEqualTo(Map.of("batch", "b-1"));
            assertThat(push.badge()).isEqualTo(2);
            assertThat(push.sound()).isEqualTo("default");
            assertThat(push.collapseKey()).isEqualTo("otp");
            assertThat(push.priority()).isEqualTo("high");
            assertThat(push.ttlSeconds()).isEqualTo(3600L);
            assertThat(push.payload().path("token").asText()).isEqualTo(TOKEN);
        });
        PushStats stats = smsc.pushStats();
        assertThat(stats.fcmReceived()).isEqualTo(1);
        assertThat(stats.tokensIssued()).isEqualTo(1);
        assertThat(stats.rejected()).isZero();
    }

    @Test
    void shouldGiveEachMessageItsOwnNameAndCountARepeatedHeraldIdAsADuplicate() throws Exception {
        // given
        String heraldId = UUID.randomUUID().toString();

        // when
        String first = FcmTestClient.json(fcm.send(accessToken, FcmTestClient.message(TOKEN, heraldId)))
                .get("name").asText();
        String second = FcmTestClient.json(fcm.send(accessToken, FcmTestClient.message(TOKEN, heraldId)))
                .get("name").asText();

        // then
        assertThat(first).isNotEqualTo(second);
        assertThat(smsc.pushStats()).isEqualTo(new PushStats(2, 1, 1, 0, 2, 0, 0, 0));
    }

    @Test
    void shouldAnswer401InGoogleShapeWithoutAValidToken() throws Exception {
        // when
        HttpResponse<String> none = fcm.send(null, FcmTestClient.message(TOKEN, "h-1"));
        HttpResponse<String> unknown = fcm.send("ya29.not-issued-here", FcmTestClient.message(TOKEN, "h-1"));

        // then
        for (HttpResponse<String> response : List.of(none, unknown)) {
            assertThat(response.statusCode()).isEqualTo(401);
            JsonNode error = FcmTestClient.json(response).get("error");
            assertThat(error.get("code").asInt()).isEqualTo(401);
            assertThat(error.get("status").asText()).isEqualTo("UNAUTHENTICATED");
            assertThat(error.get("message").asText()).contains("authentication credential");
        }
        assertThat(smsc.pushes()).isEmpty();
        assertThat(smsc.pushStats().fcmRejected()).isEqualTo(2);
    }

    @Test
    void shouldAnswer403ForAnotherProject() throws Exception {
        HttpResponse<String> response = fcm.send("someone-else", accessToken, FcmTestClient.message(TOKEN, "h-1"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(FcmTestClient.json(response).at("/error/status").asText()).isEqualTo("PERMISSION_DENIED");
    }

    @Test
    void shouldAnswer400InvalidArgumentForAMessageWithoutTokenOrWithANonStringDataValue() throws Exception {
        // when
        HttpResponse<String> noToken = fcm.send(accessToken, "{\"message\":{\"notification\":{\"title\":\"t\"}}}");
        HttpResponse<String> badData = fcm.send(accessToken, "{\"message\":{\"token\":\"" + TOKEN
                + "\",\"data\":{\"n\":1}}}");
        HttpResponse<String> notJson = fcm.send(accessToken, "{\"message\":");

        // then
        for (HttpResponse<String> response : List.of(noToken, badData, notJson)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            JsonNode error = FcmTestClient.json(response).get("error");
            assertThat(error.get("status").asText()).isEqualTo("INVALID_ARGUMENT");
            assertThat(error.at("/details/0/@type").asText())
                    .isEqualTo("type.googleapis.com/google.firebase.fcm.v1.FcmError");
            assertThat(error.at("/details/0/errorCode").asText()).isEqualTo("INVALID_ARGUMENT");
        }
        assertThat(FcmTestClient.json(noToken).at("/error/message").asText())
                .isEqualTo("Recipient of the message is not set.");
        assertThat(smsc.pushes()).isEmpty();
    }

    @Test
    void shouldAnswer404UnregisteredForATokenMarkedUnregistered() throws Exception {
        // given
        smsc.pushFaults().unregister(List.of(TOKEN));

        // when
        HttpResponse<String> response = fcm.send(accessToken, FcmTestClient.message(TOKEN, "h-1"));

        // then
        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode error = FcmTestClient.json(response).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(404);
        assertThat(error.get("message").asText()).isEqualTo("Requested entity was not found.");
        assertThat(error.get("status").asText()).isEqualTo("NOT_FOUND");
        assertThat(error.at("/details/0/@type").asText())
                .isEqualTo("type.googleapis.com/google.firebase.fcm.v1.FcmError");
        assertThat(error.at("/details/0/errorCode").asText()).isEqualTo("UNREGISTERED");
        assertThat(smsc.pushes()).isEmpty();
        assertThat(smsc.pushStats().fcmRejected()).isEqualTo(1);
    }

    @Test
    void shouldAnswer429WithRetryAfterWhenThrottling() throws Exception {
        // given
        smsc.pushFaults().fcm(PushFaults.Mode.THROTTLE);
        smsc.pushFaults().retryAfterSeconds(7);

        // when
        HttpResponse<String> response = fcm.send(accessToken, FcmTestClient.message(TOKEN, "h-1"));

        // then
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
        JsonNode error = FcmTestClient.json(response).get("error");
        assertThat(error.get("status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(error.at("/details/0/errorCode").asText()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(smsc.pushes()).isEmpty();
    }

    @Test
    void shouldAnswer503WhenUnavailableAndAcceptAgainOnceCleared() throws Exception {
        // given
        smsc.pushFaults().fcm(PushFaults.Mode.UNAVAILABLE);

        // when
        HttpResponse<String> down = fcm.send(accessToken, FcmTestClient.message(TOKEN, "h-1"));
        smsc.pushFaults().clear();
        HttpResponse<String> up = fcm.send(accessToken, FcmTestClient.message(TOKEN, "h-1"));

        // then
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(FcmTestClient.json(down).at("/error/status").asText()).isEqualTo("UNAVAILABLE");
        assertThat(FcmTestClient.json(down).at("/error/details/0/errorCode").asText()).isEqualTo("UNAVAILABLE");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(smsc.pushes()).hasSize(1);
    }

    @Test
    void shouldAcceptAValidateOnlyRequestWithoutRecordingIt() throws Exception {
        HttpResponse<String> response = fcm.send(accessToken,
                FcmTestClient.message(TOKEN, "h-1").replace("\"validate_only\":false", "\"validate_only\":true"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(FcmTestClient.json(response).get("name").asText())
                .isEqualTo("projects/herald-demo/messages/fake_message_id");
        assertThat(smsc.pushes()).isEmpty();
    }

    @Test
    void shouldRefuseAGrantSignedWithAnotherKeyAsInvalidGrant() throws Exception {
        // given the same service account, but another private key
        ServiceAccountCredentials genuine = (ServiceAccountCredentials) fcm.credentials();
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        ServiceAccountCredentials forged = genuine.toBuilder()
                .setPrivateKey(rsa.generateKeyPair().getPrivate())
                .setTokenServerUri(URI.create("http://127.0.0.1:" + smsc.fcmPort() + "/token"))
                .build();

        // when / then
        assertThatThrownBy(forged::refreshAccessToken)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("invalid_grant")
                .hasMessageContaining("Invalid JWT Signature.");
        assertThat(smsc.pushStats().tokensIssued()).isZero();
        assertThat(smsc.pushStats().fcmRejected()).isEqualTo(1);
    }

    @Test
    void shouldNameTheFcmPortWhenItIsAlreadyInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            SmscSimulator second = new SmscSimulator(SmscSimulatorConfig.builder().smppPort(0).httpPort(0)
                    .fcmPort(taken.getLocalPort()).pushCredentialsDir(credentialsDir).build());

            assertThatThrownBy(second::start)
                    .isInstanceOf(PortInUseException.class)
                    .satisfies(e -> assertThat(((PortInUseException) e).port()).isEqualTo(taken.getLocalPort()));
            second.close();
        }
    }
}
