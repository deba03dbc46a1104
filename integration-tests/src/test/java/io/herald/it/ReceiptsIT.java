package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.local.DispatcherProcess;
import io.herald.schema.DeliveryReceipt;
import io.herald.schema.DeliveryState;
import io.herald.schema.DeliveryStatus;
import io.herald.schema.HeraldSerdes;
import io.herald.schema.NotificationRequest;
import io.herald.schema.Topics;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Delivery receipts on real parts: a KRaft broker, the registry, an SMSC simulator that writes every other receipt's
 * id in decimal although its submit_sm_resp ids are hex, and reports a fifth of the receipts UNDELIV, and two
 * dispatcher JVMs sharing the consumer group and the receipt correlator. Every message, single and multipart, GSM 7-bit
 * and UCS-2, must end with exactly one final state, and that state must be what the receipts of its parts say:
 * DELIVERED only when every part was delivered. The second test kills a dispatcher with SIGKILL while receipts flow.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReceiptsIT {

    private static final String GROUP = "it-receipts";
    private static final String LONG_GSM = "Receipt test. ".repeat(25);
    private static final String LONG_UCS2 = "Kvittering \u03b1\u03b2\u03b3 \u0645\u0631\u062d\u0628\u0627 ".repeat(8);

    private static IsolatedStack stack;
    private static final List<DispatcherProcess> DISPATCHERS = new ArrayList<>();

    @BeforeAll
    static void startStack() {
        stack = IsolatedStack.start("receipts", options -> options.name("receipts-smsc")
                .extraArgs("--receipt-id-format", "MIXED", "--receipt-undelivered-rate", "0.2", "--seed", "11"));
        for (int i = 1; i <= 2; i++) {
            DISPATCHERS.add(startDispatcher(i));
        }
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    private static DispatcherProcess startDispatcher(int number) {
        return stack.startDispatcher(stack.dispatcherOptions("receipts-dispatcher-" + number, GROUP));
    }

    @Test
    @Order(1)
    void everyMessageEndsWithTheStateItsReceiptsGive() throws Exception {
        // given two dispatchers of one group
        // when single and multipart messages (GSM 7-bit and UCS-2) are sent
        String batchId = UUID.randomUUID().toString();
        Set<String> messageIds = send(batchId, 300);

        // then every message gets a SENT and then exactly one final state from its receipts
        Statuses statuses = awaitFinalStates(batchId, messageIds, reader -> { });
        assertThat(statuses.sent.keySet()).isEqualTo(messageIds);
        assertThat(statuses.sent.values()).as("SENT events per message").allSatisfy(e -> assertThat(e).hasSize(1));

        // and each state is what the receipts of the message's parts say, whichever id form they used
        Receipts receipts = receipts();
        Map<DeliveryState, Long> byState = new HashMap<>();
        for (String messageId : messageIds) {
            DeliveryStatus last = statuses.finals.get(messageId).get(0);
            assertThat(last.getState()).as("final state of %s", messageId)
                    .isEqualTo(receipts.expected(statuses.sent.get(messageId).get(0)));
            assertThat(last.getSegments()).isEqualTo(statuses.sent.get(messageId).get(0).getSegments());
            byState.merge(last.getState(), 1L, Long::sum);
        }
        assertThat(byState.get(DeliveryState.DELIVERED)).as("delivered").isGreaterThan(100L);
        assertThat(byState.get(DeliveryState.UNDELIVERED)).as("undelivered").isGreaterThan(10L);
        assertThat(receipts.decimal).as("receipts whose id was in decimal").isGreaterThan(100);

        // and the dispatchers stored every receipt and left none unmatched
        long received = 0;
        long unmatched = 0;
        for (DispatcherProcess dispatcher : DISPATCHERS) {
            JsonNode counters = IsolatedStack.stats(dispatcher).get("receipts");
            assertThat(counters.get("correlator").asText()).isEqualTo("RUNNING");
            received += counters.get("received").asLong();
            unmatched += counters.get("unmatched").asLong();
        }
        assertThat(received).isEqualTo(receipts.statByHexId.size());
        assertThat(unmatched).isZero();
    }

    @Test
    @Order(2)
    void aDispatcherKilledWhileReceiptsFlowLosesNoFinalStateAndWritesNoneTwice() throws Exception {
        // given the two dispatchers, and a batch under way
        String batchId = UUID.randomUUID().toString();
        int count = 2000;
        Set<String> messageIds = send(batchId, count);

        // when one is killed with SIGKILL once a tenth of the messages have their final state, and then restarted
        boolean[] killed = {false};
        Statuses statuses = awaitFinalStates(batchId, messageIds, finals -> {
            if (!killed[0] && finals.size() >= count / 10) {
                killed[0] = true;
                DISPATCHERS.get(0).kill();
                DISPATCHERS.set(0, startDispatcher(1));
            }
        });
        assertThat(killed[0]).as("killed mid-batch").isTrue();

        // then every message has exactly one final state (awaitFinalStates checks), one that the receipts of one of
        // its sent copies give (a message re-sent after the kill has two SENT events)
        Receipts receipts = receipts();
        int resent = 0;
        for (String messageId : messageIds) {
            List<DeliveryStatus> copies = statuses.sent.get(messageId);
            assertThat(copies).as("SENT events of %s", messageId).isNotEmpty();
            resent += copies.size() > 1 ? 1 : 0;
            Set<DeliveryState> possible = new HashSet<>();
            copies.forEach(copy -> possible.add(receipts.expected(copy)));
            assertThat(statuses.finals.get(messageId).get(0).getState()).as("final state of %s", messageId)
                    .isIn(possible);
        }
        System.out.printf(Locale.ROOT, "receipts: kill mid-batch: %d messages, %d sent twice, one final state each%n",
                count, resent);
    }

    /** Writes {@code count} requests, a third each short GSM, long GSM and long UCS-2; returns their message ids. */
    private static Set<String> send(String batchId, int count) {
        Set<String> messageIds = ConcurrentHashMap.newKeySet();
        try (RequestProducer producer = new RequestProducer(stack.bootstrapServers(), stack.registryUrl())) {
            for (int i = 0; i < count; i++) {
                String text = switch (i % 3) {
                    case 0 -> "Your code is " + (100_000 + i);
                    case 1 -> LONG_GSM;
                    default -> LONG_UCS2;
                };
                NotificationRequest request = RequestProducer.request(batchId,
                        String.format(Locale.ROOT, "+4791%06d", i), text);
                producer.send(request, r -> messageIds.add(r.getMessageId()), e -> { });
            }
            producer.flush();
        }
        assertThat(messageIds).hasSize(count);
        return messageIds;
    }

    /** The SENT events and the final states of a batch, by messageId. */
    private record Statuses(Map<String, List<DeliveryStatus>> sent, Map<String, List<DeliveryStatus>> finals) {
    }

    /**
     * Reads notify.status until every message has a final state, calling {@code onProgress} with the final states so
     * far after each poll, then 3 s more, so that a second final state for a message would show; asserts there is
     * none.
     */
    private static Statuses awaitFinalStates(String batchId, Set<String> messageIds,
                                             java.util.function.Consumer<Map<String, List<DeliveryStatus>>> onProgress)
            throws InterruptedException {
        try (StatusReader reader = new StatusReader(stack.bootstrapServers(), stack.registryUrl(), Set.of(batchId))) {
            Statuses[] last = new Statuses[1];
            try {
                await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    last[0] = split(reader.poll());
                    onProgress.accept(last[0].finals);
                    return last[0].finals.size() >= messageIds.size();
                });
            } catch (ConditionTimeoutException e) {
                Set<String> missing = new HashSet<>(messageIds);
                missing.removeAll(last[0].finals.keySet());
                long neverSent = missing.stream().filter(id -> !last[0].sent.containsKey(id)).count();
                throw new AssertionError(missing.size() + " of " + messageIds.size() + " messages have no final "
                        + "state after 4 minutes (" + neverSent + " of them not even SENT)\n"
                        + describe(missing, last[0]), e);
            }
            // and for 3 s more, no message gets a second final state
            await("one final state each").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                        last[0] = split(reader.poll());
                        assertThat(last[0].finals.keySet()).isEqualTo(messageIds);
                        assertThat(last[0].finals.values()).as("final states per message")
                                .allSatisfy(events -> assertThat(events).hasSize(1));
                    });
            return last[0];
        }
    }

    /**
     * Where the final state of messages that have none stopped: for each (up to 10), its SENT copies with the
     * receipt notify.receipts holds for each part; then the simulator's and the dispatchers' receipt counters.
     */
    private static String describe(Set<String> missing, Statuses statuses) {
        StringBuilder out = new StringBuilder();
        Map<String, String> stats = new HashMap<>();
        try {
            stats = receipts().statByHexId();
        } catch (RuntimeException | AssertionError e) {
            out.append("notify.receipts not read: ").append(e).append('\n');
        }
        int withAllReceipts = 0;
        int shown = 0;
        for (String messageId : missing) {
            List<DeliveryStatus> copies = statuses.sent.getOrDefault(messageId, List.of());
            boolean anyComplete = false;
            StringBuilder line = new StringBuilder("  " + messageId + ":");
            for (DeliveryStatus copy : copies) {
                boolean complete = !copy.getGatewayMessageIds().isEmpty();
                line.append(" SENT(attempt ").append(copy.getAttempt()).append(", at ").append(copy.getTimestamp())
                        .append(") parts");
                for (String partId : copy.getGatewayMessageIds()) {
                    String stat = stats.get(canonicalHex(partId));
                    complete &= stat != null;
                    line.append(' ').append(partId).append('=').append(stat == null ? "no receipt" : stat);
                }
                anyComplete |= complete;
            }
            withAllReceipts += anyComplete ? 1 : 0;
            if (shown++ < 10) {
                out.append(line).append('\n');
            }
        }
        out.append(withAllReceipts).append(" of the ").append(missing.size())
                .append(" have a receipt on notify.receipts for every part of a sent copy\n");
        try {
            out.append("simulator: ").append(stack.smsc().stats()).append('\n');
            for (DispatcherProcess dispatcher : DISPATCHERS) {
                out.append(dispatcher).append(": ").append(IsolatedStack.stats(dispatcher).get("receipts"))
                        .append('\n');
            }
        } catch (IOException | RuntimeException e) {
            out.append("counters not read: ").append(e).append('\n');
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out.toString();
    }

    private static Statuses split(List<DeliveryStatus> events) {
        Map<String, List<DeliveryStatus>> sent = new HashMap<>();
        Map<String, List<DeliveryStatus>> finals = new HashMap<>();
        for (DeliveryStatus status : events) {
            (status.getState() == DeliveryState.SENT ? sent : finals)
                    .computeIfAbsent(status.getMessageId(), id -> new ArrayList<>()).add(status);
        }
        return new Statuses(sent, finals);
    }

    /** The receipts on notify.receipts: the stat of each, by its id in canonical hex, whichever form it was sent in. */
    private record Receipts(Map<String, String> statByHexId, int decimal) {

        /** @return the final state the receipts of one sent copy's parts give */
        DeliveryState expected(DeliveryStatus sentCopy) {
            List<String> partIds = sentCopy.getGatewayMessageIds();
            assertThat(partIds).as("part ids of %s", sentCopy.getMessageId()).hasSize(sentCopy.getSegments());
            boolean allDelivered = true;
            for (String partId : partIds) {
                String stat = statByHexId.get(canonicalHex(partId));
                assertThat(stat).as("receipt for part %s of %s", partId, sentCopy.getMessageId()).isNotNull();
                allDelivered &= stat.equals("DELIVRD");
            }
            return allDelivered ? DeliveryState.DELIVERED : DeliveryState.UNDELIVERED;
        }
    }

    private static Receipts receipts() {
        Map<String, Object> config = new HashMap<>(HeraldSerdes.consumerSerdeConfig(stack.registryUrl()));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-receipts-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, String> stats = new HashMap<>();
        int decimal = 0;
        try (KafkaConsumer<String, DeliveryReceipt> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.RECEIPTS).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, DeliveryReceipt> record : consumer.poll(Duration.ofMillis(500))) {
                    String id = record.value().getGatewayMessageId();
                    // The simulator's ids are 10 hex digits; their decimal forms have 11 or more digits.
                    boolean isDecimal = id.length() > 10;
                    decimal += isDecimal ? 1 : 0;
                    String hex = isDecimal ? new BigInteger(id).toString(16) : canonicalHex(id);
                    // A receipt resent by the SMSC (its deliver_sm_resp lost in a kill) must say the same.
                    String before = stats.put(hex, record.value().getStat());
                    assertThat(before).as("receipt for %s", id).isIn(null, record.value().getStat());
                }
            }
        }
        return new Receipts(stats, decimal);
    }

    private static String canonicalHex(String id) {
        return new BigInteger(id, 16).toString(16);
    }
}
