package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.ingest.api.BatchRequest;
import io.herald.ingest.api.RecipientRequest;
import io.herald.local.DispatcherProcess;
import io.herald.local.ReceivedPush;
import io.herald.schema.DeliveryState;
import io.herald.schema.DeliveryStatus;
import io.herald.schema.SuppressionEntry;
import io.herald.schema.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Push on real parts: REST batches with {@code "channel": "push"} → ingest-service → Avro on Kafka keyed by the token
 * → two dispatchers, each with an {@code apns} gateway (Pushy, HTTP/2 over TLS, provider tokens) and an {@code fcm}
 * gateway (HTTP v1, OAuth2 tokens from the service-account key) → the simulator's APNs server (Pushy's
 * MockApnsServer) and FCM server.
 */
@ExtendWith(HeraldStackExtension.class)
class PushIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String TITLE = "Ordre {{order}}";
    private static final String BODY = "Hei {{name}}, ordren din er sendt";
    private static final Map<String, String> DATA = Map.of("order", "{{order}}", "screen", "orders");

    /** A push recipient, and what it should receive. */
    private record Device(String token, String platform, String name, String order) {

        RecipientRequest request() {
            return new RecipientRequest(token, Map.of("name", name, "order", order), null, platform);
        }

        /** @return the token as ingest stores it: iOS tokens lower-cased */
        String stored() {
            return platform.equals("ios") ? token.toLowerCase(Locale.ROOT) : token;
        }
    }

    private static List<Device> devices(int count, String run, boolean ios, boolean android) {
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean apple = ios && (!android || i % 2 == 0);
            String name = i % 3 == 0 ? "Øyvind " + i : i % 3 == 1 ? "Дмитрий " + i : "O'Hara \"" + i + "\"";
            devices.add(new Device(apple ? iosToken(i % 4 == 0) : androidToken(run, i), apple ? "ios" : "android",
                    name, run + "-" + i));
        }
        return devices;
    }

    private static String iosToken(boolean upperCase) {
        StringBuilder token = new StringBuilder();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 64; i++) {
            token.append(Character.forDigit(random.nextInt(16), 16));
        }
        return upperCase ? token.toString().toUpperCase(Locale.ROOT) : token.toString();
    }

    private static String androidToken(String run, int i) {
        return "it" + run + "_" + i + ":APA91b" + UUID.randomUUID().toString().replace("-", "_").repeat(3);
    }

    /** Posts the devices in batches of {@code size}; @return the batch ids */
    private static Set<String> submit(HeraldTestStack stack, List<Device> devices, int size) {
        IngestHttp ingest = stack.ingestHttp();
        Set<String> batchIds = new HashSet<>();
        for (int from = 0; from < devices.size(); from += size) {
            List<RecipientRequest> recipients = devices.subList(from, Math.min(from + size, devices.size())).stream()
                    .map(Device::request).toList();
            BatchRequest batch = new BatchRequest(null, null, recipients, null, null, null,
                    BatchRequest.CHANNEL_PUSH, null, null, null, TITLE, BODY, DATA, 3600, null, "high", null,
                    "default", null, null, null);
            IngestHttp.Response response = ingest.postBatch(IngestHttp.JSON.valueToTree(batch));
            assertThat(response.status()).as("batch at %d: %s", from, response.body()).isEqualTo(202);
            assertThat(response.body().get("accepted").asInt()).isEqualTo(recipients.size());
            batchIds.add(response.body().get("batchId").asText());
        }
        return batchIds;
    }

    /** @return the pushes the simulator holds for these devices, by stored token */
    private static Map<String, List<ReceivedPush>> received(HeraldTestStack stack, List<Device> devices) {
        Set<String> tokens = devices.stream().map(Device::stored).collect(Collectors.toSet());
        Map<String, List<ReceivedPush>> byToken = new HashMap<>();
        for (ReceivedPush push : stack.smsc().pushes(null)) {
            if (tokens.contains(push.token())) {
                byToken.computeIfAbsent(push.token(), t -> new ArrayList<>()).add(push);
            }
        }
        return byToken;
    }

    private static void assertRendered(Device device, ReceivedPush push) {
        assertThat(push.platform()).isEqualTo(device.platform());
        assertThat(push.title()).isEqualTo("Ordre " + device.order());
        assertThat(push.body()).isEqualTo("Hei " + device.name() + ", ordren din er sendt");
        assertThat(push.data()).isEqualTo(Map.of("order", device.order(), "screen", "orders"));
        assertThat(push.priority()).isEqualTo("high");
        assertThat(push.sound()).isEqualTo("default");
    }

    private static String run() {
        return Long.toString(System.nanoTime(), 36);
    }

    @Test
    void aThousandPushesArriveOnceAndUnregisteredTokensFailThenAreSuppressedWithoutAGatewayCall(
            HeraldTestStack stack) throws Exception {
        // given 1,000 devices over both platforms, 10 of which APNs or FCM no longer knows
        List<Device> devices = devices(1000, run(), true, true);
        List<Device> gone = new ArrayList<>();
        for (int i = 0; i < 1000; i += 100) {
            gone.add(devices.get(i));
            gone.add(devices.get(i + 1));
        }
        gone = gone.subList(0, 10);
        String unregistered = gone.stream().map(device -> '"' + device.stored() + '"')
                .collect(Collectors.joining(",", "{\"unregistered\":[", "]}"));
        stack.smsc().pushFaults(unregistered);
        Set<String> goneTokens = gone.stream().map(Device::stored).collect(Collectors.toSet());
        List<Device> live = devices.stream().filter(device -> !goneTokens.contains(device.stored())).toList();
        Map<String, Long> entriesBefore = suppressionEntries(stack);

        // when they are submitted in 4 batches
        Set<String> batchIds = submit(stack, devices, 250);

        // then every live device gets its push exactly once, as rendered, and the gone ones get none
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(received(stack, live)).hasSize(live.size()));
        Map<String, List<ReceivedPush>> received = received(stack, devices);
        for (Device device : live) {
            assertThat(received.get(device.stored())).as("pushes to %s", device.platform()).hasSize(1);
            assertRendered(device, received.get(device.stored()).get(0));
        }
        assertThat(received.keySet()).doesNotContainAnyElementsOf(goneTokens);

        // and the statuses: SENT through the platform's gateway with its id, FAILED with UNREGISTERED for the gone
        try (StatusReader statuses = new StatusReader(stack, batchIds)) {
            await().atMost(TIMEOUT).untilAsserted(() -> {
                List<DeliveryStatus> events = statuses.poll();
                assertThat(events.stream().filter(e -> e.getState() == DeliveryState.SENT)).hasSize(990);
                assertThat(events.stream().filter(e -> e.getState() == DeliveryState.FAILED)).hasSize(10);
            });
            Map<String, String> gatewayIdByMessage = received.values().stream().map(list -> list.get(0))
                    .collect(Collectors.toMap(ReceivedPush::heraldMessageId, ReceivedPush::gatewayId));
            for (DeliveryStatus sent : statuses.poll()) {
                if (sent.getState() == DeliveryState.SENT) {
                    assertThat(sent.getGateway()).isIn("apns", "fcm");
                    assertThat(sent.getGatewayMessageId()).isEqualTo(gatewayIdByMessage.get(sent.getMessageId()));
                    if (sent.getGateway().equals("apns")) {
                        assertThat(sent.getGatewayMessageId()).isEqualTo(sent.getMessageId());
                    } else {
                        assertThat(sent.getGatewayMessageId()).startsWith("projects/herald-demo/messages/");
                    }
                } else {
                    assertThat(sent.getErrorCode()).isIn("APNS_UNREGISTERED", "FCM_UNREGISTERED");
                }
            }
        }

        // and the gone tokens are on the suppression list, shared, with source push-unregistered
        Map<String, SuppressionEntry> entries = suppressionEntries(stack, goneTokens);
        assertThat(entries.keySet()).isEqualTo(goneTokens);
        assertThat(entries.values()).allSatisfy(entry -> {
            assertThat(entry.source()).isEqualTo(SuppressionEntry.SOURCE_PUSH_UNREGISTERED);
            assertThat(entry.clientId()).isNull();
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> suppressionEntries(stack).forEach((name, count) ->
                assertThat(count).as("suppression entries of %s", name).isGreaterThanOrEqualTo(
                        entriesBefore.get(name) + 10)));

        // when a second batch goes to them
        long rejectedBefore = stack.smsc().pushStats().rejected();
        Set<String> again = submit(stack, gone, 10);

        // then each is SUPPRESSED, and no request reached APNs or FCM for them
        try (StatusReader statuses = new StatusReader(stack, again)) {
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(statuses.poll())
                    .filteredOn(e -> e.getState() == DeliveryState.SUPPRESSED).hasSize(10));
            assertThat(statuses.poll()).noneMatch(e -> e.getState() == DeliveryState.SENT);
        }
        assertThat(received(stack, gone)).isEmpty();
        assertThat(stack.smsc().pushStats().rejected()).as("requests APNs and FCM refused").isEqualTo(rejectedBefore);
    }

    @Test
    void anApnsOutageOpensTheCircuitAndLosesNothing(HeraldTestStack stack) throws Exception {
        // given APNs answering 503 ServiceUnavailable to everything
        stack.smsc().pushFaults("{\"apns\":\"unavailable\"}");
        try {
            // when 100 iOS pushes are submitted
            List<Device> devices = devices(100, run(), true, false);
            Set<String> batchIds = submit(stack, devices, 100);

            // then a dispatcher's apns circuit opens, and nothing arrives
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> apnsCircuitOpen(stack));
            assertThat(received(stack, devices)).isEmpty();

            // when APNs is back, every push arrives, once, and every message is SENT; none FAILED
            stack.smsc().pushFaults("{\"apns\":\"ok\"}");
            await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(received(stack, devices)).hasSize(devices.size()));
            try (StatusReader statuses = new StatusReader(stack, batchIds)) {
                await().atMost(TIMEOUT).untilAsserted(() -> assertThat(statuses.poll())
                        .filteredOn(e -> e.getState() == DeliveryState.SENT).hasSize(100));
                assertThat(statuses.poll()).noneMatch(e -> e.getState() == DeliveryState.FAILED);
            }
            received(stack, devices).values().forEach(pushes -> assertThat(pushes).hasSize(1));
        } finally {
            stack.smsc().pushFaults("{\"apns\":\"ok\"}");
        }
    }

    @Test
    void killingADispatcherMidBatchLosesNoPush(HeraldTestStack stack) throws Exception {
        // given 600 pushes over both platforms
        List<Device> devices = devices(600, run(), true, true);
        Set<String> batchIds = submit(stack, devices, 200);

        // when dispatcher 1 is killed with SIGKILL once some have arrived, and started again
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() ->
                received(stack, devices).size() >= 30);
        stack.killDispatcher(0);
        int atKill = received(stack, devices).size();
        try {
            stack.restartDispatcher(0);
        } finally {
            assertThat(stack.dispatchers().get(0).isAlive()).isTrue();
        }

        // then every push arrives (a re-send after the kill may arrive twice: at least once), every message SENT
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(received(stack, devices)).hasSize(devices.size()));
        try (StatusReader statuses = new StatusReader(stack, batchIds)) {
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(statuses.poll().stream()
                    .filter(e -> e.getState() == DeliveryState.SENT).map(DeliveryStatus::getMessageId)
                    .collect(Collectors.toSet())).hasSize(devices.size()));
            assertThat(statuses.poll()).noneMatch(e -> e.getState() == DeliveryState.FAILED);
        }
        long duplicates = received(stack, devices).values().stream().mapToInt(List::size).sum() - devices.size();
        System.out.printf(Locale.ROOT, "push: 600 pushes, dispatcher killed after %d arrived; %d re-sent twice%n",
                atKill, duplicates);
    }

    private static boolean apnsCircuitOpen(HeraldTestStack stack) throws IOException, InterruptedException {
        for (DispatcherProcess dispatcher : stack.dispatchers()) {
            if ("OPEN".equals(dispatcher.stats().path("gateways").path("apns").path("circuit").asText())) {
                return true;
            }
        }
        return false;
    }

    /** @return each dispatcher's suppression-list size from /stats, by its name */
    private static Map<String, Long> suppressionEntries(HeraldTestStack stack) throws Exception {
        Map<String, Long> entries = new HashMap<>();
        for (DispatcherProcess dispatcher : stack.dispatchers()) {
            JsonNode stats = dispatcher.stats();
            entries.put(stats.path("instanceId").asText(), stats.path("suppressionList").path("entries").asLong());
        }
        return entries;
    }

    /** @return the entries of {@value Topics#SUPPRESSIONS} for these recipients, by recipient */
    private static Map<String, SuppressionEntry> suppressionEntries(HeraldTestStack stack, Set<String> recipients) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, SuppressionEntry> found = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.SUPPRESSIONS).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() != null && recipients.contains(record.key())) {
                        found.put(record.key(), SuppressionEntry.fromJson(record.value()));
                    }
                }
            }
        }
        return found;
    }
}
