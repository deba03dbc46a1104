package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.local.IngestServiceProcess;
import io.herald.local.SmscMessage;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Priority lanes on the shared stack (two dispatchers, 16 sender threads each): behind a bulk backlog that fills both
 * dispatchers' sender queues, one-time codes of a {@code high} batch overtake it, and a {@code normal} batch gets its
 * weight's share; measured by the order in which the SMSC simulator received the messages, not by a clock.
 */
@ExtendWith(HeraldStackExtension.class)
class PriorityLanesIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    /** The SMSC's answer delay while the backlog drains: 2 x 16 threads / 50 ms, about 640 msg/s. */
    private static final long SMSC_LATENCY_MS = 50;
    private static final int BULK = 4000;
    private static final int HIGH = 5;
    private static final int NORMAL = 300;

    private final HeraldTestStack stack;

    PriorityLanesIT(HeraldTestStack stack) {
        this.stack = stack;
    }

    @AfterEach
    void fastSmscAgain() {
        stack.smsc().smppLatency(0);
    }

    /** Posts one SMS batch of a priority to distinct new recipients; returns its message ids. */
    private static Set<String> post(IngestHttp ingest, String tag, int count, String priority) {
        List<IngestHttp.Recipient> recipients = IngestHttp.recipients(count);
        ObjectNode body = IngestHttp.batch("HERALD", tag, recipients);
        body.put("priority", priority);
        return ingest.postAccepted(body);
    }

    /** @return the message ids the SMSC received, in the order it received them */
    private List<String> arrivals() {
        return stack.smsc().messages(null).stream().map(SmscMessage::heraldMessageId).toList();
    }

    private static long count(List<String> arrivals, Set<String> ids) {
        return arrivals.stream().filter(ids::contains).count();
    }

    /** @return how many of {@code behind} the SMSC received after the last of {@code ahead} */
    private static long receivedAfterLast(List<String> arrivals, Set<String> ahead, Set<String> behind) {
        int last = -1;
        for (int i = 0; i < arrivals.size(); i++) {
            if (ahead.contains(arrivals.get(i))) {
                last = i;
            }
        }
        assertThat(last).as("position of the last message of the batch ahead").isNotNegative();
        return arrivals.subList(last + 1, arrivals.size()).stream().filter(behind::contains).count();
    }

    @Test
    void highOvertakesABulkBacklogAndNormalGetsItsWeight() {
        IngestHttp ingest = stack.ingestHttp();
        stack.smsc().smppLatency(SMSC_LATENCY_MS);
        // given a campaign of 4,000 bulk messages that has started to arrive: each dispatcher has up to
        // max.in.flight (1,000) of them queued for its 16 sender threads
        Set<String> bulk = post(ingest, "Spring sale", BULK, "bulk");
        await().atMost(TIMEOUT).until(() -> count(arrivals(), bulk) >= 100);

        // when one-time codes (high) and a normal batch come in behind it
        Set<String> high = post(ingest, "Your code is 4711", HIGH, "high");
        Set<String> normal = post(ingest, "Your parcel has arrived", NORMAL, "normal");

        // then every message arrives, once
        await().atMost(TIMEOUT).until(() -> count(arrivals(), bulk) == BULK && count(arrivals(), high) == HIGH
                && count(arrivals(), normal) == NORMAL);
        List<String> arrivals = arrivals();
        Set<String> all = new HashSet<>(bulk);
        all.addAll(high);
        all.addAll(normal);
        assertThat(arrivals.stream().filter(all::contains)).doesNotHaveDuplicates().hasSize(BULK + HIGH + NORMAL);
        // and the codes overtook the backlog already queued: in one queue they would wait behind up to 2 x 1,000
        // bulk messages, and fewer than 2,000 of the 3,900 left would arrive after them
        assertThat(receivedAfterLast(arrivals, high, bulk)).as("bulk messages the SMSC received after the last code")
                .isGreaterThanOrEqualTo(3000);
        // and the normal batch took three turns of four while both waited: it was done long before the campaign
        assertThat(receivedAfterLast(arrivals, normal, bulk))
                .as("bulk messages the SMSC received after the normal batch's last")
                .isGreaterThanOrEqualTo(2000);
    }

    @Test
    void aPriorityAboveTheClientsMaxIsA403AndAnUnknownOneA400() {
        // given the stack's client "limited", whose maxPriority is normal
        IngestHttp limited = new IngestHttp(stack.ingestUrl(), stack.ingest().limitedApiKey());
        ObjectNode body = IngestHttp.batch(IngestServiceProcess.LIMITED_SENDER, "Your code is 4711", List.of(
                new IngestHttp.Recipient(TestRecipients.norwegianMobiles(1).get(0), Map.of())));
        body.put("priority", "high");
        IngestHttp.Response high = limited.postBatch(body);
        assertThat(high.status()).isEqualTo(403);
        assertThat(high.contentType()).startsWith("application/problem+json");
        assertThat(high.body().path("type").asText()).endsWith("priority-not-allowed");
        assertThat(high.body().path("errors").get(0).path("pointer").asText()).isEqualTo("/priority");

        body.put("priority", "urgent");
        IngestHttp.Response unknown = stack.ingestHttp().postBatch(body);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().toString()).contains("/priority", "must be high, normal or bulk");

        body.put("priority", IngestServiceProcess.LIMITED_MAX_PRIORITY);
        assertThat(limited.postBatch(body).status()).isEqualTo(202);
    }
}
