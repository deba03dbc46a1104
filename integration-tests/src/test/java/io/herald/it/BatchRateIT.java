package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.local.SmscMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A batch's {@code maxRate} on the shared stack (two dispatchers): the group together sends it no faster, measured on
 * the SMSC simulator's own clock, and its waiting messages (in the delay topics) hold no other batch back.
 */
@ExtendWith(HeraldStackExtension.class)
class BatchRateIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final int RATE = 4;
    private static final int SLOW = 40;
    private static final int FAST = 200;

    private final HeraldTestStack stack;

    BatchRateIT(HeraldTestStack stack) {
        this.stack = stack;
    }

    /** Posts one SMS batch, text {@code <tag> {{n}}}; returns its message ids. */
    private static Set<String> post(IngestHttp ingest, String tag, int count, Integer maxRate) {
        List<IngestHttp.Recipient> recipients = new ArrayList<>();
        List<String> numbers = TestRecipients.norwegianMobiles(count);
        for (int i = 0; i < count; i++) {
            recipients.add(new IngestHttp.Recipient(numbers.get(i), Map.of("n", Integer.toString(i))));
        }
        ObjectNode body = IngestHttp.batch("HERALD", tag + " {{n}}", recipients);
        if (maxRate != null) {
            body.put("maxRate", maxRate);
        }
        return ingest.postAccepted(body);
    }

    /** @return the requests the dispatchers held in a delay topic so far ({@code GET /stats} {@code delayed}) */
    private long delayed() {
        return stack.dispatchers().stream().mapToLong(dispatcher -> dispatcher.stats().path("delayed").asLong())
                .sum();
    }

    private List<SmscMessage> at(Set<String> ids) {
        return stack.smsc().messages(null).stream().filter(message -> ids.contains(message.heraldMessageId()))
                .toList();
    }

    @Test
    void aBatchWithAMaxRateTricklesAtThatRateAndHoldsNoOtherBatchBack() {
        IngestHttp ingest = stack.ingestHttp();
        long delayedBefore = delayed();
        // given a campaign of 40 messages at 4 msg/s for the whole group (about 10 s), and right behind it a batch of
        // 200 without a rate
        Set<String> slow = post(ingest, "trickle", SLOW, RATE);
        Set<String> fast = post(ingest, "burst", FAST, null);

        // then the requests of the campaign not yet due wait in the delay topics
        await().atMost(TIMEOUT).until(() -> at(fast).size() == FAST);
        assertThat(delayed() - delayedBefore).as("requests the dispatchers held for a later turn")
                .isGreaterThanOrEqualTo(SLOW / 2);

        // then the campaign arrives whole, spread out: no second of the simulator's clock holds more than its rate
        // (plus one per dispatcher: a turn may be taken up to 100 ms early, and each member starts at once)
        await().atMost(TIMEOUT).until(() -> at(slow).size() == SLOW);
        List<Instant> arrivals = at(slow).stream().map(message -> Instant.parse(message.receivedAt())).sorted()
                .toList();
        int mostInOneSecond = 0;
        for (int first = 0; first < arrivals.size(); first++) {
            int last = first;
            while (last + 1 < arrivals.size()
                    && arrivals.get(last + 1).isBefore(arrivals.get(first).plusSeconds(1))) {
                last++;
            }
            mostInOneSecond = Math.max(mostInOneSecond, last - first + 1);
        }
        assertThat(mostInOneSecond).as("campaign messages in the busiest second, of %s", arrivals).isLessThanOrEqualTo(RATE + 2);
        assertThat(Duration.between(arrivals.get(0), arrivals.get(SLOW - 1)))
                .as("from the campaign's first message at the SMSC to its last")
                .isGreaterThanOrEqualTo(Duration.ofMillis((SLOW - RATE - 2) * 1000L / RATE));
        // and the batch without a rate was not held behind it: it was all at the SMSC seconds before the campaign's
        // last message (the campaign takes about 10 s, the other batch no more than a few)
        Instant fastLast = at(fast).stream().map(message -> Instant.parse(message.receivedAt())).max(Instant::compareTo)
                .orElseThrow();
        assertThat(fastLast).as("the other batch's last message at the SMSC")
                .isBefore(arrivals.get(SLOW - 1).minusSeconds(3));
        // each exactly once
        assertThat(at(slow).stream().map(SmscMessage::heraldMessageId).distinct()).hasSize(SLOW);
    }

    @Test
    void aMaxRateOutOfRangeIsRefusedWithAPointerToIt() {
        ObjectNode body = IngestHttp.batch("HERALD", "x", List.of(new IngestHttp.Recipient(
                TestRecipients.norwegianMobiles(1).get(0), Map.of())));
        body.put("maxRate", 0);
        IngestHttp.Response response = stack.ingestHttp().postBatch(body);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().toString()).contains("/maxRate");
    }
}
