package io.herald.dispatcher.send.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.schema.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The group's share of each gateway's TPS follows the notify.requests partitions this member owns. */
class GroupRateShareTest {

    private final AdaptiveRateLimit smpp = new AdaptiveRateLimit(300, 10, 10, () -> 0L);
    private final AdaptiveRateLimit mail = new AdaptiveRateLimit(0, 10, 10, () -> 0L);
    private final GroupRateShare share = new GroupRateShare(
            List.of(new GroupRateShare.Named("smpp", smpp), new GroupRateShare.Named("smtp", mail)), () -> 12);

    private static TopicPartition requests(int partition) {
        return new TopicPartition(Topics.REQUESTS, partition);
    }

    @Test
    void eachRebalanceRedividesTheAccountsTpsByTheRequestPartitionsOwned() {
        // when this member is assigned 4 of the 12 partitions (and some of the retry loop's, which do not count)
        share.assigned(Map.of(requests(0), 0L, requests(1), 0L, requests(2), 0L, requests(3), 0L,
                new TopicPartition(Topics.HELD, 5), 0L));
        // then it sends a third of the account's 300 TPS
        assertThat(smpp.limitTps()).isEqualTo(100);
        // when a member leaves and it takes two more
        share.assigned(Map.of(requests(4), 0L, requests(5), 0L));
        assertThat(smpp.limitTps()).isEqualTo(150);
        // when a cooperative rebalance takes three away
        share.removed(List.of(requests(0), requests(1), requests(2)));
        assertThat(smpp.limitTps()).isEqualTo(75);
        // and a gateway without a configured limit stays unlimited
        assertThat(mail.isLimited()).isFalse();
    }

    @Test
    void bothPollLoopsMayTellItAtOnceWithoutBreakingTheRebalance() {
        // when the requests loop and the retry loop are assigned and revoke partitions at the same time, each on its
        // own thread (a ConcurrentModificationException here once stopped a dispatcher when a second one joined)
        List<TopicPartition> held = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            held.add(new TopicPartition(Topics.HELD, i));
        }
        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<Void> requestsLoop = CompletableFuture.runAsync(() -> {
            await(start);
            for (int round = 0; round < 20_000; round++) {
                share.assigned(Map.of(requests(round % 12), 0L, requests((round + 1) % 12), 0L));
                share.removed(List.of(requests(round % 12), requests((round + 1) % 12)));
            }
        });
        CompletableFuture<Void> retryLoop = CompletableFuture.runAsync(() -> {
            await(start);
            for (int round = 0; round < 20_000; round++) {
                share.removed(held);
            }
        });
        start.countDown();
        // then neither throws, and with every partition let go of the share is back to none of the account
        CompletableFuture.allOf(requestsLoop, retryLoop).join();
        share.assigned(Map.of(requests(7), 0L));
        assertThat(smpp.limitTps()).isEqualTo(25);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
