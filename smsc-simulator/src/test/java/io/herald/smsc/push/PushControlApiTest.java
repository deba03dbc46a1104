package io.herald.smsc.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.smsc.SmscSimulator;
import io.herald.smsc.SmscSimulatorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code /push/*} endpoints of the control API, after real FCM traffic. */
class PushControlApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALICE = "alice-token:APA91b" + "a".repeat(140);
    private static final String BOB = "bob-token:APA91b" + "b".repeat(140);

    @TempDir
    static Path credentialsDir;

    private static SmscSimulator smsc;
    private static FcmTestClient fcm;
    private static String accessToken;
    private final HttpClient http = HttpClient.newHttpClient();

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
    void reset() throws Exception {
        assertThat(request(smsc, "POST", "/reset", null).statusCode()).isEqualTo(204);
    }

    private HttpResponse<String> request(SmscSimulator simulator, String method, String path, String body)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simulator.httpPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = request(smsc, "GET", path, null);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(response.body());
    }

    /** Alice gets m-1 twice (a duplicate), Bob gets m-2. */
    private void sendThree() throws Exception {
        for (String[] push : List.of(new String[] {ALICE, "m-1"}, new String[] {BOB, "m-2"},
                new String[] {ALICE, "m-1"})) {
            assertThat(fcm.send(accessToken, FcmTestClient.message(push[0], push[1])).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldServePushStats() throws Exception {
        // given
        sendThree();
        assertThat(fcm.send(null, FcmTestClient.message(ALICE, "m-3")).statusCode()).isEqualTo(401);

        // when
        JsonNode stats = getJson("/push/stats");

        // then
        assertThat(stats.get("received").asLong()).isEqualTo(3);
        assertThat(stats.get("distinctMessages").asLong()).isEqualTo(2);
        assertThat(stats.get("duplicates").asLong()).isEqualTo(1);
        assertThat(stats.at("/fcm/received").asLong()).isEqualTo(3);
        assertThat(stats.at("/fcm/rejected").asLong()).isEqualTo(1);
        assertThat(stats.at("/apns/received").asLong()).isZero();
        assertThat(stats.get("tokensIssued").asLong()).isZero();
        assertThat(stats.get("rejected").asLong()).isEqualTo(1);
    }

    @Test
    void shouldServeTheRecordedPushesFilteredByTokenAndHeraldId() throws Exception {
        // given
        sendThree();

        // when
        JsonNode all = getJson("/push/messages");
        JsonNode alice = getJson("/push/messages?token=" + ALICE);
        JsonNode m2 = getJson("/push/messages?heraldId=m-2");
        JsonNode none = getJson("/push/messages?token=" + BOB + "&heraldId=m-1");

        // then
        assertThat(all).extracting(p -> p.get("heraldMessageId").asText()).containsExactly("m-1", "m-2", "m-1");
        assertThat(alice).hasSize(2);
        assertThat(none).isEmpty();
        assertThat(m2).hasSize(1);
        JsonNode push = m2.get(0);
        assertThat(push.get("platform").asText()).isEqualTo("android");
        assertThat(push.get("token").asText()).isEqualTo(BOB);
        assertThat(push.get("gatewayId").asText()).startsWith("projects/herald-demo/messages/0:");
        assertThat(push.get("title").asText()).isEqualTo("Your code");
        assertThat(push.get("body").asText()).isEqualTo("Code 1234");
        assertThat(push.get("data")).isEqualTo(JSON.readTree("{\"batch\":\"b-1\"}"));
        assertThat(push.get("badge").asInt()).isEqualTo(2);
        assertThat(push.get("sound").asText()).isEqualTo("default");
        assertThat(push.get("collapseKey").asText()).isEqualTo("otp");
        assertThat(push.get("priority").asText()).isEqualTo("high");
        assertThat(push.get("ttlSeconds").asLong()).isEqualTo(3600);
        assertThat(push.get("topic").isNull()).isTrue();
        assertThat(push.at("/payload/android/priority").asText()).isEqualTo("HIGH");
        assertThat(push.get("receivedAt").asText()).endsWith("Z");
    }

    @Test
    void shouldSetReadAndClearFaultsOverHttp() throws Exception {
        // when
        HttpResponse<String> set = request(smsc, "POST", "/push/faults",
                "{\"unregistered\":[\"" + BOB + "\"],\"fcm\":\"throttle\",\"retryAfterSeconds\":12}");
        JsonNode faults = getJson("/push/faults");
        HttpResponse<String> throttled = fcm.send(accessToken, FcmTestClient.message(ALICE, "m-1"));
        request(smsc, "POST", "/push/faults", "{\"fcm\":\"ok\"}");
        HttpResponse<String> unregistered = fcm.send(accessToken, FcmTestClient.message(BOB, "m-2"));
        HttpResponse<String> cleared = request(smsc, "DELETE", "/push/faults", null);
        HttpResponse<String> accepted = fcm.send(accessToken, FcmTestClient.message(BOB, "m-2"));

        // then
        assertThat(set.statusCode()).isEqualTo(204);
        assertThat(faults.get("unregistered")).extracting(JsonNode::asText).containsExactly(BOB);
        assertThat(faults.get("fcm").asText()).isEqualTo("throttle");
        assertThat(faults.get("apns").asText()).isEqualTo("ok");
        assertThat(faults.get("retryAfterSeconds").asInt()).isEqualTo(12);
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).hasValue("12");
        assertThat(unregistered.statusCode()).isEqualTo(404);
        assertThat(cleared.statusCode()).isEqualTo(204);
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(getJson("/push/faults").get("unregistered")).isEmpty();
        assertThat(getJson("/push/stats").get("received").asLong()).isEqualTo(1);
    }

    @Test
    void shouldAnswer400ToABadFaultsBodyAnd405ToAnotherMethod() throws Exception {
        assertThat(request(smsc, "POST", "/push/faults", "{\"fcm\":\"sometimes\"}").statusCode()).isEqualTo(400);
        assertThat(request(smsc, "POST", "/push/faults", "{\"typo\":1}").statusCode()).isEqualTo(400);
        assertThat(request(smsc, "POST", "/push/faults", "not json").statusCode()).isEqualTo(400);
        HttpResponse<String> put = request(smsc, "PUT", "/push/faults", "{}");
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).hasValue("DELETE, GET, POST");
        assertThat(getJson("/push/faults").get("fcm").asText()).isEqualTo("ok");
    }

    @Test
    void shouldClearPushesAndFaultsOnResetButKeepIssuedTokensValid() throws Exception {
        // given
        sendThree();
        smsc.pushFaults().fcm(PushFaults.Mode.UNAVAILABLE);

        // when
        HttpResponse<String> reset = request(smsc, "POST", "/reset", null);

        // then
        assertThat(reset.statusCode()).isEqualTo(204);
        assertThat(getJson("/push/messages")).isEmpty();
        assertThat(getJson("/push/stats").get("received").asLong()).isZero();
        assertThat(fcm.send(accessToken, FcmTestClient.message(ALICE, "m-4")).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldReportThePushPortsInHealth() throws Exception {
        JsonNode health = getJson("/health");

        assertThat(health.get("fcmPort").asInt()).isEqualTo(smsc.fcmPort());
        assertThat(health.has("apnsPort")).isFalse();
    }

    @Test
    void shouldAnswer404OnPushEndpointsWithoutPushServers() throws Exception {
        try (SmscSimulator plain = new SmscSimulator(SmscSimulatorConfig.builder().smppPort(0).httpPort(0).build())) {
            plain.start();

            HttpResponse<String> stats = request(plain, "GET", "/push/stats", null);

            assertThat(stats.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(stats.body()).get("error").asText()).contains("push is not enabled");
            assertThat(request(plain, "GET", "/push/messages", null).statusCode()).isEqualTo(404);
            assertThat(request(plain, "POST", "/push/faults", "{}").statusCode()).isEqualTo(404);
            assertThat(plain.pushEnabled()).isFalse();
            assertThat(plain.fcmPort()).isEqualTo(-1);
            assertThat(JSON.readTree(request(plain, "GET", "/health", null).body()).has("fcmPort")).isFalse();
        }
    }
}
