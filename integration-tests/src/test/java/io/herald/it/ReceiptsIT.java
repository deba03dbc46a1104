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
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Delivery receipts on real parts: a KRaft broker, the registry, an SMSC simulator that writes every other receipt's
 * id in decimal although its submit_sm_resp ids are hex, and reports a fifth of the receipts UNDELIV, and two
 * dispatcher JVMs sharing the consumer group and the receipt correlator. Every message, single and multipart, GSM 7-bit
 * and UCS-2, must end with exactly one final state, and that state must be what the receipts of its parts say:
 * DELIVERED only when every part was delivered.
 */
class ReceiptsIT {

    private static final String GROUP = "it-receipts";
    private static final int MESSAGES = 300;
    private static final String LONG_GSM = "Receipt test. ".repeat(25);
    private static final String LONG_UCS2 = "Kvittering \u03b1\u03b2\u03b3 \u0645\u0631\u062d\u0628\u0627 ".repeat(8);

    private static IsolatedStack stack;

    @BeforeAll
    static void startStack() {
        stack = IsolatedStack.start("receipts", options -> options.name("receipts-smsc")
                .extraArgs("--receipt-id-format", "MIXED", "--receipt-undelivered-rate", "0.2", "--seed", "11"));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyMessageEndsWithTheStateItsReceiptsGive() throws Exception {
        // given two dispatchers of one group
        List<DispatcherProcess> dispatchers = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            dispatchers.add(stack.startDispatcher(stack.dispatcherOptions("receipts-dispatcher-" + i, GROUP)));
        }
        // when single and multipart messages (GSM 7-bit and UCS-2) are sent
        String batchId = UUID.randomUUID().toString();
        Set<String> messageIds = ConcurrentHashMap.newKeySet();
        try (RequestProducer producer = new RequestProducer(stack.bootstrapServers(), stack.registryUrl())) {
            for (int i = 0; i < MESSAGES; i++) {
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
        assertThat(messageIds).hasSize(MESSAGES);

        // then every message gets a SENT and then exactly one final state from its receipts
        Map<String, DeliveryStatus> sent = new HashMap<>();
        Map<String, List<DeliveryStatus>> finals = new HashMap<>();
        try (StatusReader reader = new StatusReader(stack.bootstrapServers(), stack.registryUrl(), Set.of(batchId))) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
                sent.clear();
                finals.clear();
                for (DeliveryStatus status : reader.poll()) {
                    if (status.getState() == DeliveryState.SENT) {
                        sent.put(status.getMessageId(), status);
                    } else {
                        finals.computeIfAbsent(status.getMessageId(), id -> new ArrayList<>()).add(status);
                    }
                }
                return finals.size() >= MESSAGES;
            });
            // a little longer, so that a second final state for a message would show
            Thread.sleep(3000);
            finals.clear();
            for (DeliveryStatus status : reader.poll()) {
                if (status.getState() != DeliveryState.SENT) {
                    finals.computeIfAbsent(status.getMessageId(), id -> new ArrayList<>()).add(status);
                }
            }
        }
        assertThat(sent.keySet()).isEqualTo(messageIds);
        assertThat(finals.keySet()).isEqualTo(messageIds);
        assertThat(finals.values()).allSatisfy(events -> assertThat(events).hasSize(1));

        // and each state is what the receipts of the message's parts say, whichever id form they used
        Map<String, String> statByHexId = receiptStats();
        Map<DeliveryState, Long> byState = new HashMap<>();
        for (String messageId : messageIds) {
            DeliveryStatus sentEvent = sent.get(messageId);
            List<String> partIds = sentEvent.getGatewayMessageIds();
            assertThat(partIds).as("part ids of %s", messageId).hasSize(sentEvent.getSegments());
            boolean allDelivered = true;
            for (String partId : partIds) {
                String stat = statByHexId.get(canonicalHex(partId));
                assertThat(stat).as("receipt for part %s of %s", partId, messageId).isNotNull();
                allDelivered &= stat.equals("DELIVRD");
            }
            DeliveryStatus last = finals.get(messageId).get(0);
            assertThat(last.getState()).as("final state of %s", messageId)
                    .isEqualTo(allDelivered ? DeliveryState.DELIVERED : DeliveryState.UNDELIVERED);
            assertThat(last.getSegments()).isEqualTo(partIds.size());
            byState.merge(last.getState(), 1L, Long::sum);
        }
        assertThat(byState.get(DeliveryState.DELIVERED)).as("delivered").isGreaterThan(MESSAGES / 3L);
        assertThat(byState.get(DeliveryState.UNDELIVERED)).as("undelivered").isGreaterThan(10L);
        assertThat(decimalReceipts).as("receipts whose id was in decimal").isGreaterThan(100);

        // and the dispatchers stored every receipt and left none unmatched
        long received = 0;
        long unmatched = 0;
        for (DispatcherProcess dispatcher : dispatchers) {
            JsonNode receipts = IsolatedStack.stats(dispatcher).get("receipts");
            assertThat(receipts.get("correlator").asText()).isEqualTo("RUNNING");
            received += receipts.get("received").asLong();
            unmatched += receipts.get("unmatched").asLong();
        }
        assertThat(received).isEqualTo(statByHexId.size());
        assertThat(unmatched).isZero();
    }

    private static int decimalReceipts;

    /** Reads notify.receipts: the stat of each receipt, by its id in canonical hex, whichever form it was sent in. */
    private static Map<String, String> receiptStats() {
        Map<String, Object> config = new HashMap<>(HeraldSerdes.consumerSerdeConfig(stack.registryUrl()));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-receipts-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, String> stats = new HashMap<>();
        decimalReceipts = 0;
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
                    boolean decimal = id.length() > 10;
                    if (decimal) {
                        decimalReceipts++;
                    }
                    String hex = decimal ? new BigInteger(id).toString(16) : canonicalHex(id);
                    assertThat(stats.put(hex, record.value().getStat())).as("second receipt for %s", id).isNull();
                }
            }
        }
        return stats;
    }

    private static String canonicalHex(String id) {
        return new BigInteger(id, 16).toString(16);
    }
}
