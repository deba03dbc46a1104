package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.local.LocalProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * No recipient in clear, and no message text, in the logs of ingest-service and the dispatchers, on real parts:
 * SMS and e-mail batches with valid and invalid recipients, a suppression, a replayed idempotency key and status
 * reads go through the stack, then every log line they wrote is searched for the recipients (an E.164 number's
 * digits, an address's local part) and for the text. The SMSC simulator, which plays the operator, is not searched.
 */
@ExtendWith(HeraldStackExtension.class)
class LogPrivacyIT {

    private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(2);

    @Test
    void noLogLineHoldsARecipientOrAText(HeraldTestStack stack) throws Exception {
        List<LocalProcess> services = new ArrayList<>();
        services.add(stack.ingest());
        services.addAll(stack.dispatchers());
        Map<Path, Long> marks = new LinkedHashMap<>();
        for (LocalProcess service : services) {
            marks.put(service.logFile(), Files.size(service.logFile()));
        }
        String run = UUID.randomUUID().toString().replace("-", "");
        String text = "PRIVACYTEXT" + run;
        IngestHttp ingest = stack.ingestHttp();

        // given numbers and addresses, valid and invalid, and one of each on the suppression list
        List<String> numbers = TestRecipients.norwegianMobiles(12);
        List<String> sent = numbers.subList(0, 10);
        List<String> invalidNumbers = List.of("+47123", "+4700000000000000");
        List<String> addresses = List.of("priv.a." + run + "@example.com", "priv.b." + run + "@example.org");
        List<String> invalidAddresses = List.of("priv.c." + run + "@localhost", "priv.d." + run);
        String suppressedAddress = "priv.e." + run + "@example.net";
        assertThat(ingest.putSuppression(numbers.get(10)).status()).isEqualTo(200);
        assertThat(ingest.putSuppression(suppressedAddress).status()).isEqualTo(200);

        // when they are sent: an SMS batch with a key, twice, and an e-mail batch
        List<IngestHttp.Recipient> smsRecipients = new ArrayList<>();
        for (String number : sent) {
            smsRecipients.add(new IngestHttp.Recipient(number, Map.of("n", "1")));
        }
        smsRecipients.add(new IngestHttp.Recipient(numbers.get(10), Map.of("n", "1")));
        for (String number : invalidNumbers) {
            smsRecipients.add(new IngestHttp.Recipient(number, Map.of("n", "1")));
        }
        ObjectNode sms = IngestHttp.batch("HERALD", text + " {{n}}", smsRecipients);
        IngestHttp.Response smsAnswer = ingest.postBatch(sms, "privacy-" + run);
        assertThat(smsAnswer.status()).as(smsAnswer.raw()).isEqualTo(202);
        assertThat(ingest.postBatch(sms, "privacy-" + run).status()).isEqualTo(202);
        List<IngestHttp.Recipient> mailRecipients = new ArrayList<>();
        for (String address : concat(addresses, invalidAddresses, List.of(suppressedAddress))) {
            mailRecipients.add(new IngestHttp.Recipient(address, Map.of("n", "1")));
        }
        ObjectNode mail = IngestHttp.batch("Herald <noreply@herald.example>", text + " {{n}}", mailRecipients);
        mail.put("channel", "email").put("subject", text);
        IngestHttp.Response mailAnswer = ingest.postBatch(mail);
        assertThat(mailAnswer.status()).as(mailAnswer.raw()).isEqualTo(202);
        assertThat(mailAnswer.body().get("rejected")).hasSize(invalidAddresses.size());

        // and once the gateway has them all
        await().atMost(DELIVERY_TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(() ->
                sent.stream().allMatch(n -> !stack.smsc().messages(TestRecipients.smscAddress(n)).isEmpty())
                        && addresses.stream().allMatch(a -> !stack.smsc().mails(a).isEmpty()));
        String batchId = smsAnswer.body().get("batchId").asText();
        await().atMost(DELIVERY_TIMEOUT).until(() -> ingest.getBatch(batchId).status() == 200);
        ingest.getMessage(smsAnswer.body().get("messages").get(0).get("messageId").asText());

        // then no log line written meanwhile holds any of them, nor the text
        List<String> secrets = new ArrayList<>();
        concat(numbers, invalidNumbers, List.of()).forEach(n -> secrets.add(TestRecipients.smscAddress(n)));
        concat(addresses, invalidAddresses, List.of(suppressedAddress))
                .forEach(a -> secrets.add(a.substring(0, a.indexOf('@') < 0 ? a.length() : a.indexOf('@'))));
        secrets.add(text);
        List<String> leaks = new ArrayList<>();
        List<String> scanned = new ArrayList<>();
        for (Map.Entry<Path, Long> log : marks.entrySet()) {
            for (String line : LogFiles.linesFrom(log.getKey(), log.getValue())) {
                scanned.add(line);
                String lower = line.toLowerCase(Locale.ROOT);
                for (String secret : secrets) {
                    if (lower.contains(secret.toLowerCase(Locale.ROOT))) {
                        leaks.add(log.getKey().getFileName() + ": " + line);
                    }
                }
            }
        }
        assertThat(leaks).as("log lines with a recipient or the text").isEmpty();
        assertThat(scanned).as("the lines searched, among them the request log's")
                .anyMatch(line -> line.contains("POST /v1/batches"))
                .anyMatch(line -> line.contains("/v1/suppressions/"));
    }

    private static List<String> concat(List<String> a, List<String> b, List<String> c) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);
        return all;
    }
}
