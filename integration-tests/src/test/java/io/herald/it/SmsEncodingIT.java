package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.local.DispatcherProcess;
import io.herald.local.SmscMessage;
import io.herald.schema.NotificationRequest;
import io.herald.sms.SmsEncoder;
import io.herald.sms.SmsEncoding;
import io.herald.sms.SmsInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Texts in several scripts, short and long, go through the real pipeline and must arrive at the SMSC simulator
 * exactly as written, in the encoding and the number of segments the shared codec predicts, with parts the
 * simulator's segment check finds nothing wrong with: once with the default UDH concatenation (shared stack, through
 * ingest), once with {@code smpp.concatenation=sar} (an isolated stack and dispatcher, records written to Kafka).
 */
@ExtendWith(HeraldStackExtension.class)
class SmsEncodingIT {

    private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(2);

    /** Name → text. Norwegian æøåÆØÅ are in the GSM 7-bit alphabet; lower-case Greek is not (only some capitals). */
    static Map<String, String> texts() {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("norwegian-short", "Hei Åse! Blåbærsyltetøy på Ærø, kr 25,- {ØL} €");
        texts.put("norwegian-long", ("Kjære Øyvind, møtet om blåbærsyltetøyet på Ærø er flyttet til fredag kl. 14 "
                + "[rom Å-3]; ta med ~50 € og \\ ^ | tegn. ").repeat(4));
        texts.put("greek-short", "Γειά σου κόσμε, ο κωδικός σας είναι 4821");
        texts.put("greek-long", "Καλημέρα! Η παραγγελία σας έχει σταλεί και θα φτάσει αύριο το πρωί. ".repeat(3));
        texts.put("arabic-short", "مرحبا، رمز التحقق الخاص بك هو 4821");
        texts.put("arabic-long", "شكرا لك على طلبك. سيتم توصيل الطلب غدا صباحا إلى عنوانك المسجل لدينا. ".repeat(3));
        texts.put("chinese-short", "您好,您的验证码是4821,五分钟内有效。");
        texts.put("chinese-long", "感谢您的订购。您的包裹已经发出，预计明天上午送达您登记的地址。如有疑问请联系客服。".repeat(4));
        texts.put("emoji-short", "Takk 🙏 for bestillingen 📦🚚");
        // 66 units then an emoji: the surrogate pair straddles the 67-unit split and must move whole to part 2
        texts.put("emoji-long", "x".repeat(66) + "😀" + "Pakken din er på vei 🚚📦 ".repeat(5) + "👍🏽🇳🇴");
        return texts;
    }

    @Test
    void everyScriptArrivesIntactInItsEncodingAndSegmentsWithUdh(HeraldTestStack stack) {
        // given one recipient per text, each text its own rendering of {{t}}
        Map<String, String> texts = texts();
        List<String> numbers = TestRecipients.norwegianMobiles(texts.size());
        Map<String, String> textByAddress = new LinkedHashMap<>();
        List<IngestHttp.Recipient> recipients = new ArrayList<>();
        long expectedSegments = 0;
        int i = 0;
        for (String text : texts.values()) {
            recipients.add(new IngestHttp.Recipient(numbers.get(i), Map.of("t", text)));
            textByAddress.put(TestRecipients.smscAddress(numbers.get(i)), text);
            expectedSegments += SmsEncoder.info(text).segments();
            i++;
        }
        assertThat(texts.entrySet()).filteredOn(e -> e.getKey().endsWith("-short"))
                .allSatisfy(e -> assertThat(SmsEncoder.info(e.getValue()).segments()).as(e.getKey()).isOne());
        assertThat(texts.entrySet()).filteredOn(e -> e.getKey().endsWith("-long"))
                .allSatisfy(e -> assertThat(SmsEncoder.info(e.getValue()).segments()).as(e.getKey())
                        .isBetween(2, 6));

        // when posted as one batch
        IngestHttp.Response response = stack.ingestHttp()
                .postBatch(IngestHttp.batch("HERALD", "{{t}}", recipients));

        // then all accepted, and the 202 counts the segments the codec predicts
        assertThat(response.status()).as("%s", response.body()).isEqualTo(202);
        assertThat(response.body().get("accepted").asInt()).isEqualTo(texts.size());
        assertThat(response.body().get("segments").asLong()).isEqualTo(expectedSegments);

        // and the simulator reassembled each text exactly, in the predicted encoding and segments, tied by UDH
        await().atMost(DELIVERY_TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(receivedFor(stack.smsc().messages(null), textByAddress)).hasSize(texts.size()));
        assertArrivedIntact(receivedFor(stack.smsc().messages(null), textByAddress), textByAddress, "udh");
    }

    @Test
    void withSarConcatenationEveryScriptArrivesIntactAsWell() throws Exception {
        // given an isolated stack whose only dispatcher sends long messages with SAR TLVs
        try (IsolatedStack stack = IsolatedStack.start("sms-encoding-sar",
                options -> options.name("sar-smsc").maxHeap("256m"))) {
            stack.startDispatcher(stack.dispatcherOptions("sar-dispatcher", "herald-dispatcher-sar")
                    .property("smpp.concatenation", "sar"));
            Map<String, String> texts = texts();
            List<String> numbers = TestRecipients.norwegianMobiles(texts.size());
            Map<String, String> textByAddress = new LinkedHashMap<>();
            ConcurrentLinkedQueue<Exception> errors = new ConcurrentLinkedQueue<>();

            // when each text is written to notify.requests
            try (RequestProducer producer = new RequestProducer(stack.bootstrapServers(), stack.registryUrl())) {
                String batchId = UUID.randomUUID().toString();
                int i = 0;
                for (String text : texts.values()) {
                    NotificationRequest request = RequestProducer.request(batchId, numbers.get(i), text);
                    producer.send(request, acked -> { }, errors::add);
                    textByAddress.put(TestRecipients.smscAddress(numbers.get(i)), text);
                    i++;
                }
                producer.flush();
            }
            assertThat(errors).isEmpty();

            // then the simulator reassembled each from SAR parts, exactly, in the predicted encoding and segments
            await().atMost(DELIVERY_TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(receivedFor(stack.smsc().messages(null), textByAddress)).hasSize(texts.size()));
            assertArrivedIntact(receivedFor(stack.smsc().messages(null), textByAddress), textByAddress, "sar");
        }
    }

    private static void assertArrivedIntact(Map<String, List<SmscMessage>> received, Map<String, String> textByAddress,
                                            String concatenation) {
        received.forEach((address, messages) -> {
            String text = textByAddress.get(address);
            SmsInfo info = SmsEncoder.info(text);
            assertThat(messages).as("messages to one recipient").hasSize(1);
            SmscMessage message = messages.get(0);
            assertThat(message.text()).as("text as received").isEqualTo(text);
            assertThat(message.dataCoding()).as("data_coding of %s", info)
                    .isEqualTo(info.encoding() == SmsEncoding.GSM7 ? 0 : 8);
            assertThat(message.segments()).as("segments of %s", info).isEqualTo(info.segments());
            assertThat(message.concatenation()).as("concatenation of %s", info)
                    .isEqualTo(info.segments() == 1 ? "none" : concatenation);
            assertThat(message.anomalies()).as("segment check of %s", info).isEmpty();
        });
    }

    private static Map<String, List<SmscMessage>> receivedFor(List<SmscMessage> all,
                                                              Map<String, String> textByAddress) {
        Map<String, List<SmscMessage>> received = new LinkedHashMap<>();
        for (SmscMessage message : all) {
            if (textByAddress.containsKey(message.recipient())) {
                received.computeIfAbsent(message.recipient(), k -> new ArrayList<>()).add(message);
            }
        }
        return received;
    }
}
