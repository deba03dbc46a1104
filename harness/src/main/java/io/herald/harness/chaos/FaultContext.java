package io.herald.harness.chaos;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.TopicPartition;

/** What a {@link ChaosScenario} sees of the scenario it runs in. */
interface FaultContext {

    /** @return the stack */
    ChaosStack stack();

    /** @return the run's settings */
    ChaosSettings settings();

    /** @return the random source, seeded from {@code --seed} and the scenario's name */
    Random random();

    /** @return where the scenario's progress lines go */
    PrintStream info();

    /** @return what the simulator received, across its restarts */
    Receptions receptions();

    /** @return what the running simulator received on the run's channel, in arrival order */
    List<Arrival> arrivals();

    /** @return a reader on the stack's broker */
    TopicReader reader();

    /** @return the end offsets of {@code notify.requests.dlq} before the batch */
    Map<TopicPartition, Long> dlqFrom();

    /**
     * @return the {@code notify.requests} partition of each accepted message id; empty until ingest answered every
     *     batch and the ids were read back ({@link #awaitSubmitted()} returns before that)
     */
    Map<String, Integer> acceptedPartitions();

    /** @return the ids of the batches ingest accepted; empty until it answered every one ({@link #awaitSubmitted()}) */
    java.util.Set<String> batchIds();

    /** @return the recipients' E.164 numbers, in batch order */
    List<String> recipients();

    /**
     * Waits until ingest answered every batch.
     *
     * @return false if the scenario ended first
     * @throws InterruptedException if interrupted
     */
    boolean awaitSubmitted() throws InterruptedException;

    /**
     * Waits until the simulator received about {@code fraction} of the accepted messages.
     *
     * @param fraction 0–1 of the accepted messages
     * @return the number received when it returned, or -1 if the scenario ended first
     * @throws InterruptedException if interrupted
     */
    long awaitReceived(double fraction) throws InterruptedException;

    /**
     * Waits for the moment a single-strike scenario injects its fault: ingest answered every batch
     * ({@link #awaitSubmitted()}), then the simulator received about {@code fraction} of the accepted messages
     * ({@link #awaitReceived(double)}).
     *
     * @param fraction 0–1 of the accepted messages
     * @return the number received when it returned, or -1 if the scenario ended first
     * @throws InterruptedException if interrupted
     */
    default long awaitStrikePoint(double fraction) throws InterruptedException {
        return awaitSubmitted() ? awaitReceived(fraction) : -1;
    }

    /**
     * Adds a figure to the result's details.
     *
     * @param key its name, e.g. {@code kills}
     * @param value its value
     */
    void note(String key, Object value);
}
