package io.herald.ingest.kafka;

import java.time.Duration;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;

/**
 * A Kafka Streams application of the service (the status view, the bulk loader), as {@link StreamsShutdown} closes
 * it: first {@link #beginClose()} on every one, then {@link #awaitClose(Duration)} on each, so that they close in
 * parallel.
 */
public interface StreamsApp {

    /** @return a short name for logs, e.g. {@code status view} */
    String name();

    /**
     * Begins to close, without waiting: the stream threads stop after their current iteration, commit what they
     * processed and leave the consumer group (so that the instances that stay take the partitions at once rather than
     * after the session timeout). Does nothing if the application never started or is already closing.
     */
    void beginClose();

    /**
     * Waits for the close that {@link #beginClose()} began (begins it first if it was not).
     *
     * @param timeout how long to wait at most; zero does not wait
     * @return true if the application has stopped (or never started), false if it was still closing when the time
     *     was up: it is then left to end with the process
     */
    boolean awaitClose(Duration timeout);

    /**
     * Closes a Kafka Streams client and leaves its group, so that the partitions move at once.
     *
     * @param streams the client
     * @param timeout how long to wait at most; zero begins the close and returns
     * @return true if it has stopped
     */
    static boolean closeLeavingGroup(KafkaStreams streams, Duration timeout) {
        return streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(timeout));
    }
}
