package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.local.SmscMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A batch's quiet hours on the shared stack, with the real clock: a window in Oslo time that is on now and ends within
 * about a minute holds the batch's SMS to Norwegian numbers (in the delay topics) until it ends, on the SMSC
 * simulator's own clock, while a batch without quiet hours to the same kind of numbers goes at once.
 */
@ExtendWith(HeraldStackExtension.class)
class QuietHoursIT {

    private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");
    private static final int COUNT = 20;

    private final HeraldTestStack stack;

    QuietHoursIT(HeraldTestStack stack) {
        this.stack = stack;
    }

    private static ObjectNode batch(String tag, int count) {
        List<IngestHttp.Recipient> recipients = new ArrayList<>();
        List<String> numbers = TestRecipients.norwegianMobiles(count);
        for (int i = 0; i < count; i++) {
            recipients.add(new IngestHttp.Recipient(numbers.get(i), Map.of("n", Integer.toString(i))));
        }
        return IngestHttp.batch("HERALD", tag + " {{n}}", recipients);
    }

    private static Set<String> post(IngestHttp ingest, ObjectNode body) {
        IngestHttp.Response response = ingest.postBatch(body);
        assertThat(response.status()).as("%s", response.body()).isEqualTo(202);
        Set<String> ids = new HashSet<>();
        for (JsonNode message : response.body().get("messages")) {
            ids.add(message.get("messageId").asText());
        }
        return ids;
    }

    private List<SmscMessage> at(Set<String> ids) {
        return stack.smsc().messages(null).stream().filter(message -> ids.contains(message.heraldMessageId()))
                .toList();
    }

    @Test
    void smsInTheirQuietHoursWaitUntilTheyEndInTheRecipientsTimeZone() {
        // given quiet hours in Oslo that are on now and end at a minute 15 to 75 s from now
        ZonedDateTime now = ZonedDateTime.now(OSLO);
        ZonedDateTime end = now.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        if (Duration.between(now, end).toSeconds() < 15) {
            end = end.plusMinutes(1);
        }
        ObjectNode quiet = batch("quiet", COUNT);
        quiet.putObject("quietHours").put("start", end.minusMinutes(10).format(HH_MM)).put("end", end.format(HH_MM));
        IngestHttp ingest = stack.ingestHttp();
        Set<String> held = post(ingest, quiet);
        Set<String> plain = post(ingest, batch("loud", COUNT));

        // then the batch without quiet hours arrives at once, and none of the quiet batch does
        await().atMost(Duration.ofMinutes(1)).until(() -> at(plain).size() == COUNT);
        assertThat(at(held)).isEmpty();

        // then the quiet batch arrives whole, none of it before the window's end on the simulator's clock
        Instant ends = end.toInstant();
        await().atMost(Duration.ofMinutes(3)).until(() -> at(held).size() == COUNT);
        assertThat(at(held)).allSatisfy(message -> assertThat(Instant.parse(message.receivedAt()))
                .isAfterOrEqualTo(ends).isBefore(ends.plusSeconds(30)));
    }

    @Test
    void quietHoursOnAnEmailOrNotATimeAreRefusedWithAPointer() {
        ObjectNode bad = batch("bad", 1);
        bad.putObject("quietHours").put("start", "21:00").put("end", "8 am");
        IngestHttp.Response response = stack.ingestHttp().postBatch(bad);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().toString()).contains("/quietHours/end");
    }
}
