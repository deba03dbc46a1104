package io.herald.smsc;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudhopper.commons.charset.CharsetUtil;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP control/stats API, after real SMPP traffic. */
class HttpApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private SmscSimulator smsc;
    private Esme esme;

    @BeforeEach
    void start() throws Exception {
        smsc = new SmscSimulator(SmscSimulatorConfig.builder().smppPort(0).httpPort(0).build());
        smsc.start();
        esme = Esme.bind(smsc);
    }

    @AfterEach
    void stop() {
        esme.close();
        smsc.close();
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + smsc.httpPort() + pathAndQuery))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] gsm(String text) {
        return CharsetUtil.encode(text, CharsetUtil.CHARSET_GSM);
    }

    private HttpResponse<String> put(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + smsc.httpPort() + pathAndQuery))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theSubmitSmRespLatencyCanBeChangedWhileASessionIsBound() throws Exception {
        // given a bound session and a simulator that answers at once
        assertThat(JSON.readTree(get("/smpp/latency").body()).get("latencyMs").asLong()).isZero();

        // when the latency is set to 300 ms
        HttpResponse<String> set = put("/smpp/latency?ms=300");

        // then it is reported, and the session's next submit_sm is answered no sooner than that
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(get("/smpp/latency").body()).get("latencyMs").asLong()).isEqualTo(300);
        long started = System.nanoTime();
        esme.submit("+4791234567", 0, 0, gsm("slow"), false);
        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
        // and a latency out of range, or none, is refused
        assertThat(put("/smpp/latency?ms=-1").statusCode()).isEqualTo(400);
        assertThat(put("/smpp/latency?ms=60001").statusCode()).isEqualTo(400);
        assertThat(put("/smpp/latency?ms=soon").statusCode()).isEqualTo(400);
        assertThat(put("/smpp/latency").statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(get("/smpp/latency").body()).get("latencyMs").asLong()).isEqualTo(300);
    }

    @Test
    void shouldReportUpWithTheSmppPort() throws Exception {
        // when
        HttpResponse<String> response = get("/health");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("status").asText()).isEqualTo("UP");
        assertThat(body.get("smppPort").asInt()).isEqualTo(smsc.smppPort());
    }

    @Test
    void shouldReflectWhatWasSentInStats() throws Exception {
        // given
        String id = UUID.randomUUID().toString();
        esme.submit("+4791234567", 0, 0, gsm("one"), false, Esme.heraldId(id));
        esme.submit("+4791234567", 0, 0, gsm("one"), false, Esme.heraldId(id));
        esme.submit("+4798765432", 0, 0, gsm("two"), false);

        // when
        HttpResponse<String> response = get("/stats");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode stats = JSON.readTree(response.body());
        assertThat(stats.get("submitSm").asLong()).isEqualTo(3);
        assertThat(stats.get("segments").asLong()).isEqualTo(3);
        assertThat(stats.get("messages").asLong()).isEqualTo(3);
        assertThat(stats.get("distinctMessages").asLong()).isEqualTo(2);
        assertThat(stats.get("duplicates").asLong()).isEqualTo(1);
        assertThat(stats.get("throttled").asLong()).isZero();
        assertThat(stats.get("errors").asLong()).isZero();
        assertThat(stats.get("receiptsSent").asLong()).isZero();
        assertThat(stats.get("boundSessions").asInt()).isEqualTo(1);
    }

    @Test
    void shouldListMessagesInArrivalOrderAndFilterThem() throws Exception {
        // given
        String id = UUID.randomUUID().toString();
        String smscId = esme.submit("+4791234567", 0, 0, gsm("first"), false, Esme.heraldId(id));
        esme.submit("+4798765432", 0, 0, gsm("second"), false);
        esme.submit("+4791234567", 0, 0, gsm("third"), false);

        // when
        JsonNode all = JSON.readTree(get("/messages").body());
        JsonNode encoded = JSON.readTree(get("/messages?recipient=%2B4791234567").body());
        JsonNode literalPlus = JSON.readTree(get("/messages?recipient=+4791234567").body());
        JsonNode byId = JSON.readTree(get("/messages?heraldId=" + id).body());

        // then
        assertThat(all).extracting(m -> m.get("text").asText()).containsExactly("first", "second", "third");
        assertThat(encoded).extracting(m -> m.get("text").asText()).containsExactly("first", "third");
        assertThat(literalPlus).extracting(m -> m.get("text").asText()).containsExactly("first", "third");
        assertThat(byId).singleElement().satisfies(m -> {
            assertThat(m.get("heraldMessageId").asText()).isEqualTo(id);
            assertThat(m.get("smscMessageIds")).extracting(JsonNode::asText).containsExactly(smscId);
            assertThat(m.get("recipient").asText()).isEqualTo("+4791234567");
            assertThat(m.get("sender").asText()).isEqualTo(Esme.SENDER);
            assertThat(m.get("segments").asInt()).isEqualTo(1);
            assertThat(m.get("dataCoding").asInt()).isZero();
            assertThat(Instant.parse(m.get("receivedAt").asText())).isBefore(Instant.now().plusSeconds(1));
        });
    }

    @Test
    void shouldClearEverythingOnPostReset() throws Exception {
        // given
        esme.submit("+4791234567", 0, 0, gsm("gone soon"), false);

        // when
        HttpResponse<String> reset = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + smsc.httpPort() + "/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        // then
        assertThat(reset.statusCode()).isEqualTo(204);
        assertThat(JSON.readTree(get("/messages").body())).isEmpty();
        assertThat(JSON.readTree(get("/stats").body()).get("submitSm").asLong()).isZero();
    }

    @Test
    void shouldRefuseAWrongMethodWith405() throws Exception {
        // when
        HttpResponse<String> response = get("/reset");

        // then
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    }
}
