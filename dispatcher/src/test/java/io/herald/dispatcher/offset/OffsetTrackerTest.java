package io.herald.dispatcher.offset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    private static final TopicPartition P0 = new TopicPartition("notify.requests", 0);
    private static final TopicPartition P1 = new TopicPartition("notify.requests", 1);

    private final OffsetTracker tracker = new OffsetTracker();

    @Test
    void commitsHighestContiguousCompletedOffsetPlusOneWhenRecordsCompleteOutOfOrder() {
        // given offsets 10..14 dispatched
        tracker.assigned(List.of(P0));
        long epoch = 0;
        for (long offset = 10; offset <= 14; offset++) {
            epoch = tracker.dispatched(P0, offset);
        }
        // when 11, 12 and 14 complete but 10 and 13 do not
        tracker.completed(new Completion(P0, 11, epoch));
        tracker.completed(new Completion(P0, 12, epoch));
        tracker.completed(new Completion(P0, 14, epoch));
        // then nothing past 10 may be committed
        assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(10)));

        // when 10 completes, the commit moves to 13 (the next not completed)
        tracker.completed(new Completion(P0, 10, epoch));
        assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(13)));

        // when 13 completes, everything dispatched is done: commit 15
        tracker.completed(new Completion(P0, 13, epoch));
        assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(15)));
        assertThat(tracker.inFlight()).isZero();
    }

    @Test
    void gapsInOffsetsDoNotHoldTheCommitBack() {
        // given offsets 5, 8 and 20 dispatched (the others compacted away or transaction markers)
        tracker.assigned(List.of(P0));
        long epoch = tracker.dispatched(P0, 5);
        tracker.dispatched(P0, 8);
        tracker.dispatched(P0, 20);
        // when 5 and 8 complete
        tracker.completed(new Completion(P0, 5, epoch));
        tracker.completed(new Completion(P0, 8, epoch));
        // then the commit is the first still pending, 20
        assertThat(tracker.committable().get(P0).offset()).isEqualTo(20);
        // and after 20 completes, 21
        tracker.completed(new Completion(P0, 20, epoch));
        assertThat(tracker.committable().get(P0).offset()).isEqualTo(21);
    }

    @Test
    void offersOnlyOffsetsThatMovedSinceTheLastCommit() {
        // given a partition committed at 3
        tracker.assigned(List.of(P0, P1));
        long e0 = tracker.dispatched(P0, 2);
        tracker.completed(new Completion(P0, 2, e0));
        tracker.committed(tracker.committable());
        // when nothing else completes
        // then nothing is committable, and an untouched partition is never offered
        assertThat(tracker.committable()).isEmpty();
        assertThat(tracker.lastCommitted()).containsExactly(Map.entry(P0, 3L));
    }

    @Test
    void partitionsAreIndependent() {
        // given records in two partitions
        tracker.assigned(List.of(P0, P1));
        long e0 = tracker.dispatched(P0, 0);
        long e1 = tracker.dispatched(P1, 0);
        tracker.dispatched(P1, 1);
        // when P1's second record completes before its first, and P0's only record completes
        tracker.completed(new Completion(P1, 1, e1));
        tracker.completed(new Completion(P0, 0, e0));
        // then P0 commits 1 and P1 stays at 0
        assertThat(tracker.committable()).containsOnly(Map.entry(P0, new OffsetAndMetadata(1)),
                Map.entry(P1, new OffsetAndMetadata(0)));
        assertThat(tracker.inFlight()).isEqualTo(1);
    }

    @Test
    void abandonedRecordsAreNotAwaitedButKeepTheCommitBelowThem() {
        // given 0..3 dispatched, 0 running, 1..3 still queued when the partition is revoked
        tracker.assigned(List.of(P0));
        long epoch = 0;
        for (long offset = 0; offset <= 3; offset++) {
            epoch = tracker.dispatched(P0, offset);
        }
        // when 1..3 are abandoned (dropped from their queue) and 0 completes
        tracker.abandoned(P0, 1);
        tracker.abandoned(P0, 2);
        tracker.abandoned(P0, 3);
        assertThat(tracker.awaited(List.of(P0))).isEqualTo(1);
        tracker.completed(new Completion(P0, 0, epoch));
        // then the revoke has nothing left to wait for, and commits 1: the new owner re-reads 1..3
        assertThat(tracker.awaited(List.of(P0))).isZero();
        assertThat(tracker.committable(List.of(P0))).containsExactly(Map.entry(P0, new OffsetAndMetadata(1)));
    }

    @Test
    void revokedPartitionIsForgottenAndItsLateCompletionsIgnored() {
        // given a record in flight on P0
        tracker.assigned(List.of(P0));
        long oldEpoch = tracker.dispatched(P0, 7);
        // when P0 is revoked, then assigned again and the same offset re-consumed
        tracker.removed(List.of(P0));
        assertThat(tracker.inFlight()).isZero();
        tracker.assigned(List.of(P0));
        long newEpoch = tracker.dispatched(P0, 7);
        // then the old send's completion does not count for the new assignment
        assertThat(tracker.completed(new Completion(P0, 7, oldEpoch))).isFalse();
        assertThat(tracker.committable().get(P0).offset()).isEqualTo(7);
        assertThat(tracker.completed(new Completion(P0, 7, newEpoch))).isTrue();
        assertThat(tracker.committable().get(P0).offset()).isEqualTo(8);
    }

    @Test
    void completionForAPartitionNoLongerAssignedIsIgnored() {
        // given a record on P0, then P0 lost
        tracker.assigned(List.of(P0));
        long epoch = tracker.dispatched(P0, 1);
        tracker.removed(List.of(P0));
        // when its completion arrives
        boolean counted = tracker.completed(new Completion(P0, 1, epoch));
        // then it is ignored and nothing is committable
        assertThat(counted).isFalse();
        assertThat(tracker.committable()).isEmpty();
    }

    @Test
    void rejectsDispatchOnUnassignedPartitionOrBackwardsOffset() {
        // given P0 assigned with offset 5 dispatched
        tracker.assigned(List.of(P0));
        tracker.dispatched(P0, 5);
        // when / then
        assertThatThrownBy(() -> tracker.dispatched(P1, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> tracker.dispatched(P0, 5)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void countsInFlightAcrossPartitionsForBackPressure() {
        // given 3 records in P0 and 2 in P1
        tracker.assigned(List.of(P0, P1));
        long e0 = tracker.dispatched(P0, 0);
        tracker.dispatched(P0, 1);
        tracker.dispatched(P0, 2);
        tracker.dispatched(P1, 0);
        tracker.dispatched(P1, 1);
        // when one completes and P1 is removed
        tracker.completed(new Completion(P0, 0, e0));
        assertThat(tracker.inFlight()).isEqualTo(4);
        tracker.removed(List.of(P1));
        // then only P0's two remain in flight
        assertThat(tracker.inFlight()).isEqualTo(2);
    }
}
