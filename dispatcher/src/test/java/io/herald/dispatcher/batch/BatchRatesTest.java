package io.herald.dispatcher.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.dispatcher.Fixtures;
import io.herald.dispatcher.MovableClock;
import io.herald.dispatcher.receive.ConsumedValue;
import io.herald.schema.Channel;
import io.herald.schema.HeraldHeaders;
import io.herald.schema.NotificationRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** A batch's maxRate hands out turns at the member's share of the rate, one batch apart from another. */
class BatchRatesTest {

    private final MovableClock clock = new MovableClock(Fixtures.NOW);
    private final AtomicReference<Double> share = new AtomicReference<>(1.0);
    private final BatchRates rates = new BatchRates(clock, share::get, Runnable::run);
    private final long now = Fixtures.NOW.toEpochMilli();

    private static ConsumerRecord<byte[], ConsumedValue> request(String batchId, Integer maxRate) {
        NotificationRequest request = Fixtures.request("m-" + batchId, Channel.SMS, null);
        request.setBatchId(batchId);
        request.setMaxRate(maxRate);
        return Fixtures.record(3, 11, Fixtures.read(request));
    }

    private List<Long> slots(String batchId, Integer maxRate, int count) {
        List<Long> slots = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            slots.add(rates.slotMs(request(batchId, maxRate)) - now);
        }
        return slots;
    }

    @Test
    void turnsAreSpacedByTheRateAndEachBatchHasItsOwn() {
        // 20 msg/s for the whole group, this member owning all partitions: one turn every 50 ms
        assertThat(slots("b-1", 20, 5)).containsExactly(0L, 50L, 100L, 150L, 200L);
        // another batch is not behind it
        assertThat(slots("b-2", 20, 2)).containsExactly(0L, 50L);
        // a batch without a rate goes at once, always
        assertThat(slots("b-3", null, 3)).containsExactly(-now, -now, -now);
    }

    @Test
    void aMemberTakesItsShareOfTheGroupsRate() {
        // owning a quarter of notify.requests: 20 msg/s for the group is 5 for this member, a turn every 200 ms
        share.set(0.25);
        assertThat(slots("b-1", 20, 3)).containsExactly(0L, 200L, 400L);
    }

    @Test
    void turnsNeverFallBehindNowAndIdleBatchesAreForgotten() {
        assertThat(slots("b-1", 1, 2)).containsExactly(0L, 1000L);
        // after a quiet minute the batch starts from now again, not from its old turns
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        assertThat(rates.slotMs(request("b-1", 1)) - now).isEqualTo(120_000L);
        // and the other batches' entries went
        slots("b-2", 1, 1);
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        slots("b-3", 1, 1);
        assertThat(rates.batches()).isEqualTo(1);
    }

    @Test
    void aRequestThatAlreadyHasItsTurnKeepsIt() {
        ConsumerRecord<byte[], ConsumedValue> waiting = request("b-1", 20);
        BatchRates.mark(waiting.headers(), now + 5000);
        assertThat(rates.slotMs(waiting)).isEqualTo(now + 5000);
        // and takes no new turn from its batch
        assertThat(slots("b-1", 20, 1)).containsExactly(0L);
        // a header it cannot read sends at once
        waiting.headers().remove(HeraldHeaders.RATE_SLOT);
        waiting.headers().add(HeraldHeaders.RATE_SLOT, "soon".getBytes(StandardCharsets.UTF_8));
        assertThat(rates.slotMs(waiting)).isZero();
    }

    @Test
    void sendsThatComeBackLateTogetherAreLetGoOneIntervalApart() {
        // when three requests of a 20 msg/s batch come back from their delay topic at the same moment, late
        CompletableFuture<Void> first = rates.paced(request("b-1", 20)).toCompletableFuture();
        CompletableFuture<Void> second = rates.paced(request("b-1", 20)).toCompletableFuture();
        CompletableFuture<Void> third = rates.paced(request("b-1", 20)).toCompletableFuture();
        // then the first goes at once, and the others wait on a timer, 50 and 100 ms
        assertThat(first).isDone();
        assertThat(second).isNotDone();
        assertThat(third).isNotDone();
        long start = System.nanoTime();
        third.join();
        assertThat(second).isDone();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(50_000_000L);
        // and a batch without a rate never waits
        assertThat(rates.paced(request("b-3", null)).toCompletableFuture()).isDone();
    }
}
