package io.herald.local;

import io.herald.schema.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;

/** Waits until a consumer group of dispatchers owns every partition of {@code notify.requests}. */
final class GroupAssignment {

    private GroupAssignment() {
    }

    /**
     * Waits until the group is stable with {@code count} members owning partitions of {@code notify.requests} and
     * every partition assigned, describing it every 200 ms, then reports how long that took.
     *
     * @param admin an admin client of the broker
     * @param groupId the dispatchers' consumer group
     * @param count how many dispatchers the group has
     * @param timeout how long to wait at most
     * @param info takes the line that says it is settled
     * @param dead a process of the stack that has exited, if any: the wait ends at once then, since a group missing a
     *     member never settles
     * @throws IllegalStateException if the group is not settled in time, with its last state, or a process exited
     * @throws InterruptedException if interrupted while waiting
     */
    static void await(Admin admin, String groupId, int count, Duration timeout, Consumer<String> info,
                      Supplier<Optional<LocalProcess>> dead) throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        int partitions = Topics.DEFAULT_REQUESTS_PARTITIONS;
        String last = "not described yet";
        while (System.nanoTime() < deadline) {
            Optional<LocalProcess> exited = dead.get();
            if (exited.isPresent()) {
                throw new IllegalStateException(exited.get() + " exited while the dispatchers' group " + groupId
                        + " was settling (" + last + "); see " + exited.get().logFile());
            }
            try {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId))
                        .describedGroups().get(groupId).get();
                long assigned = group.members().stream().flatMap(m -> m.assignment().topicPartitions().stream())
                        .filter(tp -> tp.topic().equals(Topics.REQUESTS)).distinct().count();
                long owners = group.members().stream().filter(m -> m.assignment().topicPartitions().stream()
                        .anyMatch(tp -> tp.topic().equals(Topics.REQUESTS))).count();
                last = group.groupState() + ", " + owners + " of " + count + " dispatchers own partitions, "
                        + assigned + " of " + partitions + " assigned";
                if (group.groupState() == GroupState.STABLE && owners == count && assigned == partitions) {
                    info.accept(String.format(Locale.ROOT, "the %d dispatchers own the %d partitions of %s (%.1f s)",
                            count, partitions, Topics.REQUESTS, (System.nanoTime() - t0) / 1e9));
                    return;
                }
            } catch (ExecutionException e) {
                last = e.getCause().toString();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the dispatchers' group " + groupId + " did not settle within "
                + timeout.toSeconds() + " s: " + last);
    }
}
