package io.herald.dispatcher.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The admin server on a free loopback port, over real HTTP. */
class AdminServerTest {

    private final DispatcherStats stats = new DispatcherStats();
    private final AtomicBoolean bound = new AtomicBoolean();
    private final HttpClient http = HttpClient.newHttpClient();
    private AdminServer server;

    private AdminServer start() throws IOException {
        server = new AdminServer("127.0.0.1", 0, "dispatcher-\"1\"", stats, bound::get, () -> bound.get() ? 2 : 0);
        server.start();
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsUpOnlyWhenTheConsumerPolledAndAGatewayIsAvailable() throws Exception {
        // given a server, no poll yet and no SMPP session
        start();
        // when / then DOWN with 503
        HttpResponse<String> down = get("/health");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).contains("\"status\":\"DOWN\"", "\"consumerPolling\":false",
                "\"gatewayAvailable\":false");
        // given a recent poll but still no session, then still 503
        stats.loop("requests").recordPoll(System.nanoTime());
        assertThat(get("/health").statusCode()).isEqualTo(503);
        // given a bound session too, then UP with 200 and the instance id escaped
        bound.set(true);
        HttpResponse<String> up = get("/health");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.body()).isEqualTo("{\"status\":\"UP\",\"instanceId\":\"dispatcher-\\\"1\\\"\","
                + "\"consumerPolling\":true,\"gatewayAvailable\":true}");
        assertThat(up.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void metricsServesHeraldsSeriesInThePrometheusTextFormat() throws Exception {
        // given a gateway, a loop and some activity
        start();
        AtomicReference<String> circuit = new AtomicReference<>("CLOSED");
        stats.setGateways(List.of(new DispatcherStats.GatewayGauges("smpp", "SMS", circuit::get, () -> 150,
                () -> true)));
        stats.loop("requests");
        stats.recordConsumed(7);
        stats.recordDeadLettered();
        stats.metrics().recordSubmit("smpp", "accepted", null, 3_000_000);
        stats.metrics().recordSubmit("smpp", "accepted", null, 40_000_000);
        stats.metrics().recordSubmit("smpp", "transient", "ESME_RSYSERR", 2_000_000);
        stats.metrics().recordMessage("sent", "smpp", null);
        stats.metrics().recordMessage("failed", "smpp", "ESME_RINVDSTADR");
        stats.metrics().recordRateLimitWait("smpp", 0);
        stats.receipts().recordFinalState("DELIVERED");
        circuit.set("OPEN");

        // when Prometheus scrapes
        HttpResponse<String> response = get("/metrics");

        // then each series has its value, in the text format
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).contains(
                "herald_dispatcher_consumed_total 7.0",
                "herald_dispatcher_dead_lettered_total 1.0",
                "herald_dispatcher_submits_total{error_code=\"none\",gateway=\"smpp\",result=\"accepted\"} 2.0",
                "herald_dispatcher_submits_total{error_code=\"ESME_RSYSERR\",gateway=\"smpp\",result=\"transient\"} 1.0",
                "herald_dispatcher_submit_seconds_bucket{gateway=\"smpp\",result=\"accepted\",le=\"0.005\"} 1",
                "herald_dispatcher_submit_seconds_bucket{gateway=\"smpp\",result=\"accepted\",le=\"0.05\"} 2",
                "herald_dispatcher_messages_total{error_code=\"none\",gateway=\"smpp\",outcome=\"sent\"} 1.0",
                "herald_dispatcher_messages_total{error_code=\"ESME_RINVDSTADR\",gateway=\"smpp\",outcome=\"failed\"} 1.0",
                "herald_dispatcher_rate_limit_wait_seconds_count{gateway=\"smpp\"} 1",
                "herald_dispatcher_receipts_final_total{state=\"DELIVERED\"} 1.0",
                "herald_dispatcher_circuit_state{gateway=\"smpp\",state=\"OPEN\"} 1.0",
                "herald_dispatcher_circuit_state{gateway=\"smpp\",state=\"CLOSED\"} 0.0",
                "herald_dispatcher_rate_limit_tps{gateway=\"smpp\"} 150.0",
                "herald_dispatcher_in_flight{loop=\"requests\"} 0.0");
        // and OpenMetrics when asked for
        HttpResponse<String> openMetrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + server.port() + "/metrics")).header("Accept", "application/openmetrics-text").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(openMetrics.headers().firstValue("Content-Type"))
                .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(openMetrics.body()).endsWith("# EOF\n");
    }

    @Test
    void readinessNeedsTheGatewayButLivenessOnlyAPollLoopThatIsNotStuck() throws Exception {
        // given a server before its first poll, no SMPP session
        start();
        // then not ready, but alive (starting up)
        assertThat(get("/health/ready").statusCode()).isEqualTo(503);
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        // given a recent poll and the gateway down: still not ready, alive (a restart would not bring the gateway back)
        stats.loop("requests").recordPoll(System.nanoTime());
        assertThat(get("/health/ready").statusCode()).isEqualTo(503);
        assertThat(get("/health/live").body()).contains("\"status\":\"UP\"");
        // given the gateway bound: ready
        bound.set(true);
        assertThat(get("/health/ready").statusCode()).isEqualTo(200);
        // given a poll loop stuck past LIVE_STALE_MS: neither ready nor alive
        stats.loop("requests").recordPoll(System.nanoTime() - (AdminServer.LIVE_STALE_MS + 1000) * 1_000_000L);
        assertThat(get("/health/ready").statusCode()).isEqualTo(503);
        HttpResponse<String> stuck = get("/health/live");
        assertThat(stuck.statusCode()).isEqualTo(503);
        assertThat(stuck.body()).contains("\"status\":\"DOWN\"");
    }

    @Test
    void healthIsDownWhenTheLastPollIsStale() throws Exception {
        // given a bound session and a last poll older than POLL_STALE_MS
        start();
        bound.set(true);
        stats.loop("requests").recordPoll(System.nanoTime() - (AdminServer.POLL_STALE_MS + 1000) * 1_000_000L);
        // when / then 503 with consumerPolling false
        HttpResponse<String> response = get("/health");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("\"consumerPolling\":false", "\"gatewayAvailable\":true");
    }

    @Test
    void statsReportsCountersGaugesAndCommittedOffsets() throws Exception {
        // given some activity
        start();
        bound.set(true);
        stats.recordConsumed(10);
        stats.recordSent();
        stats.recordSent();
        stats.recordFailed();
        stats.recordExpired();
        stats.recordDeadLettered();
        stats.recordPoison();
        stats.recordRetries(3);
        stats.recordThrottled();
        stats.recordGatewayWait();
        stats.recordGatewayWait();
        stats.setGateways(List.of(
                new DispatcherStats.GatewayGauges("smsc", "SMS", () -> "OPEN", () -> 140, () -> false),
                new DispatcherStats.GatewayGauges("mail", "EMAIL", () -> "CLOSED", () -> 0, () -> true)));
        stats.recordRetryScheduled();
        stats.recordDelayed();
        stats.recordDelayed();
        stats.recordLedgerSkipped();
        stats.recordLedgerSkipped();
        stats.recordSuppressed();
        stats.recordCancelled();
        stats.recordHeldForPause();
        stats.recordHeldForPause();
        stats.setSuppressionGauges(() -> 4, () -> "LOADED");
        stats.receipts().recordMobileOriginated();
        stats.receipts().recordMoStop();
        stats.receipts().setCorrelatorState(() -> "RUNNING");
        stats.receipts().recordReceived();
        stats.receipts().recordReceived();
        stats.receipts().recordMatched();
        stats.receipts().recordUnmatched();
        stats.receipts().recordFinalState("DELIVERED");
        stats.loop("requests").setInFlight(7);
        stats.loop("requests").setPaused(true);
        stats.loop("requests").setCommitted(Map.of("notify.requests-1", 20L, "notify.requests-0", 1234L));
        stats.loop("retry").setInFlight(2);
        stats.loop("retry").setHeld(3);
        stats.loop("retry").setCommitted(Map.of("notify.requests.retry.30s-4", 5L));
        // when /stats is read
        HttpResponse<String> response = get("/stats");
        // then every field is there, in-flight summed over both loops, offsets of both loops sorted by partition
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"instanceId\":\"dispatcher-\\\"1\\\"\",\"consumed\":10,\"sent\":2,"
                + "\"failed\":1,\"expired\":1,\"deadLettered\":1,\"poison\":1,\"retries\":3,"
                + "\"retryScheduled\":1,\"delayed\":2,\"ledgerSkipped\":2,"
                + "\"throttled\":1,\"gatewayWaits\":2,\"suppressed\":1,\"cancelled\":1,\"heldForPause\":2,"
                + "\"suppressionList\":{\"state\":\"LOADED\",\"entries\":4},"
                + "\"gateways\":{\"smsc\":{\"channel\":\"SMS\",\"circuit\":\"OPEN\",\"rateLimitTps\":140,"
                + "\"available\":false},\"mail\":{\"channel\":\"EMAIL\",\"circuit\":\"CLOSED\","
                + "\"rateLimitTps\":0,\"available\":true}},\"inFlight\":9,"
                + "\"paused\":true,\"smppSessionsBound\":2,"
                + "\"receipts\":{\"correlator\":\"RUNNING\",\"received\":2,\"malformed\":0,\"mobileOriginated\":1,"
                + "\"moStop\":1,\"moStopUnresolved\":0,\"storeFailed\":0,\"matched\":1,\"unmatched\":1,\"finalStates\":1},"
                + "\"loops\":{\"requests\":{\"inFlight\":7,\"paused\":true,\"held\":0},"
                + "\"retry\":{\"inFlight\":2,\"paused\":false,\"held\":3}},"
                + "\"committedOffsets\":{\"notify.requests-0\":1234,\"notify.requests-1\":20,"
                + "\"notify.requests.retry.30s-4\":5}}");
    }

    @Test
    void otherMethodsGet405AndOtherPaths404() throws Exception {
        // given a server
        start();
        // when POST /stats, then 405 with Allow: GET
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/stats"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");
        // when GET an unknown path, then 404
        assertThat(get("/prometheus").statusCode()).isEqualTo(404);
    }

    @Test
    void bindsToTheConfiguredHostOnly() throws Exception {
        // given admin.host 127.0.0.1
        // when started
        start();
        // then it listens on loopback, not on the wildcard address
        InetAddress address = InetAddress.getByName("127.0.0.1");
        assertThat(server.address().getAddress()).isEqualTo(address);
        assertThat(server.address().getAddress().isAnyLocalAddress()).isFalse();
    }
}
