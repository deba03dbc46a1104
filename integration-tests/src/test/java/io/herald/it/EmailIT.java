package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.local.ReceivedMail;
import io.herald.schema.DeliveryState;
import io.herald.schema.DeliveryStatus;
import io.herald.schema.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
 * The e-mail channel on real parts: REST batches with {@code "channel": "email"} → ingest-service → Avro on Kafka
 * keyed by the lower-cased address → two dispatchers, each with an SMPP and an SMTP gateway → SMTP (Angus Mail) →
 * the simulator's GreenMail server.
 */
@ExtendWith(HeraldStackExtension.class)
class EmailIT {

    private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(3);
    private static final String FROM = "Herald IT <noreply@herald.example>";

    @Test
    void aThousandRecipientBatchArrivesOnceEachWithItsSubjectTextAndHtml(HeraldTestStack stack) {
        // given 1,000 recipients with mixed-case addresses and their own variables, 3 invalid addresses, and one
        // address on the suppression list (put in a different case)
        IngestHttp ingest = stack.ingestHttp();
        String run = Long.toString(System.nanoTime(), 36);
        String suppressed = "opted.out." + run + "@example.org";
        assertThat(ingest.putSuppression(suppressed.toUpperCase(Locale.ROOT)).status()).isEqualTo(200);
        List<IngestHttp.Recipient> recipients = new ArrayList<>();
        Map<String, ReceivedMail> expected = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            String name = i % 3 == 0 ? "Øyvind <" + i + ">" : i % 3 == 1 ? "Дмитрий " + i : "O'Hara " + i;
            String code = String.format("%06d", i * 7919 % 1_000_000);
            String address = i == 500 ? suppressed
                    : (i % 2 == 0 ? "Ola.Nordmann." : "kari.") + i + "." + run + "@Example.COM";
            recipients.add(new IngestHttp.Recipient(address, Map.of("name", name, "code", code)));
            if (i != 500) {
                String html = "<p>Hei " + name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                        .replace("'", "&#39;") + ", koden er <b>" + code + "</b></p>";
                expected.put(address.toLowerCase(Locale.ROOT), new ReceivedMail(null, null, FROM,
                        List.of(address.toLowerCase(Locale.ROOT)), "Koden din, " + name,
                        "Hei " + name + ", koden er " + code, html));
            }
        }
        recipients.add(new IngestHttp.Recipient("not-an-address", Map.of("name", "x", "code", "1")));
        recipients.add(new IngestHttp.Recipient("ola@localhost", Map.of("name", "x", "code", "1")));
        recipients.add(new IngestHttp.Recipient("bjørn@example.no", Map.of("name", "x", "code", "1")));

        // when they are submitted in 4 batches
        Set<String> batchIds = new HashSet<>();
        int accepted = 0;
        int rejected = 0;
        for (int from = 0; from < recipients.size(); from += 251) {
            ObjectNode batch = IngestHttp.batch(FROM, "Hei {{name}}, koden er {{code}}",
                    recipients.subList(from, Math.min(from + 251, recipients.size())));
            batch.put("channel", "email");
            batch.put("subject", "Koden din, {{name}}");
            batch.put("html", "<p>Hei {{name}}, koden er <b>{{code}}</b></p>");
            IngestHttp.Response response = ingest.postBatch(batch);
            assertThat(response.status()).as("batch at %d: %s", from, response.body()).isEqualTo(202);
            accepted += response.body().get("accepted").asInt();
            rejected += response.body().get("rejected").size();
            response.body().get("rejected").forEach(r -> assertThat(r.get("pointer").asText()).endsWith("/to"));
            batchIds.add(response.body().get("batchId").asText());
        }
        assertThat(accepted).isEqualTo(1000);
        assertThat(rejected).isEqualTo(3);

        // then the mail server receives each accepted recipient's e-mail exactly once, as rendered
        await().atMost(DELIVERY_TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(received(stack, expected.keySet())).hasSize(expected.size()));
        Map<String, List<ReceivedMail>> received = received(stack, expected.keySet());
        received.forEach((address, mails) -> {
            assertThat(mails).as("e-mails to %s", address).hasSize(1);
            ReceivedMail mail = mails.get(0);
            ReceivedMail want = expected.get(address);
            assertThat(mail.subject()).isEqualTo(want.subject());
            assertThat(mail.text().strip()).isEqualTo(want.text());
            assertThat(mail.html().strip()).isEqualTo(want.html());
            assertThat(mail.from()).contains("noreply@herald.example");
            assertThat(mail.messageIdHeader()).isEqualTo("<" + mail.messageId() + "@herald.example>");
        });
        assertThat(stack.smsc().mails(suppressed)).isEmpty();

        // and every message has one SENT status through the smtp gateway, the suppressed one SUPPRESSED
        Set<String> receivedIds = received.values().stream().map(list -> list.get(0).messageId())
                .collect(Collectors.toSet());
        try (StatusReader statuses = new StatusReader(stack, batchIds)) {
            await().atMost(DELIVERY_TIMEOUT).untilAsserted(() -> {
                List<DeliveryStatus> events = statuses.poll();
                assertThat(events.stream().filter(e -> e.getState() == DeliveryState.SENT)).hasSize(999);
                assertThat(events.stream().filter(e -> e.getState() == DeliveryState.SUPPRESSED)).hasSize(1);
            });
            List<DeliveryStatus> sent = statuses.poll().stream().filter(e -> e.getState() == DeliveryState.SENT)
                    .toList();
            assertThat(sent).allSatisfy(e -> {
                assertThat(e.getGateway()).isEqualTo("smtp");
                assertThat(e.getGatewayMessageId()).isEqualTo(e.getMessageId() + "@herald.example");
            });
            assertThat(sent.stream().map(DeliveryStatus::getMessageId).collect(Collectors.toSet()))
                    .isEqualTo(receivedIds);
        }

        // and the requests on notify.requests are keyed by the lower-cased address
        Set<String> lowerCased = new HashSet<>(expected.keySet());
        lowerCased.add(suppressed);
        List<String> keys = requestKeys(stack, lowerCased, 1000);
        assertThat(keys).hasSize(1000).allSatisfy(key -> assertThat(key).isEqualTo(key.toLowerCase(Locale.ROOT)))
                .containsExactlyInAnyOrderElementsOf(lowerCased);
    }

    /** @return the e-mails the mail server holds for each of the addresses that got any */
    private static Map<String, List<ReceivedMail>> received(HeraldTestStack stack, Set<String> addresses) {
        Map<String, List<ReceivedMail>> byAddress = new HashMap<>();
        for (ReceivedMail mail : stack.smsc().mails(null)) {
            for (String to : mail.to()) {
                if (addresses.contains(to)) {
                    byAddress.computeIfAbsent(to, a -> new ArrayList<>()).add(mail);
                }
            }
        }
        return byAddress;
    }

    /**
     * Reads the keys of {@code notify.requests} from the beginning (values as bytes: other tests write poison records
     * there) until {@code count} keys equal, ignoring case, one of the addresses.
     *
     * @return those keys, as written
     */
    private static List<String> requestKeys(HeraldTestStack stack, Set<String> addresses, int count) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(Topics.REQUESTS)
                    .forEach(info -> partitions.add(new TopicPartition(Topics.REQUESTS, info.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key() != null && addresses.contains(record.key().toLowerCase(Locale.ROOT))) {
                        keys.add(record.key());
                    }
                }
                return keys.size() >= count;
            });
        }
        return keys;
    }
}
