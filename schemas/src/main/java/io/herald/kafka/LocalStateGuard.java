package io.herald.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ties a Kafka Streams application's local state ({@code state.dir}: RocksDB stores and their checkpoint files) to the
 * Kafka cluster it was built from.
 *
 * <p>Kafka Streams trusts a store's checkpoint file whenever the offset in it is not beyond the end of the store's
 * changelog partition, and then restores only the records after that offset. Local state left from another cluster
 * (a local stack started again on fresh broker data, a pod's volume moved to a new cluster) passes that check as soon
 * as the new changelog has grown past the old offset: the store would keep the other cluster's entries and miss this
 * cluster's older ones, so the application would work from stores that lost this cluster's older entries (the
 * dispatcher's receipt correlator: receipts waiting for submissions the store lost). Streams catches only the case of a
 * checkpoint beyond the end ("task corrupted").
 *
 * <p>So the state directory holds a marker file, {@value #MARKER}, with the Kafka cluster id (KIP-78) it belongs to.
 * When the cluster id differs, or the directory has state but no marker, everything in it is deleted before Kafka
 * Streams opens it; the stores are then restored in full from their changelog topics.
 */
public final class LocalStateGuard {

    /** Name of the marker file in {@code state.dir}; it holds the Kafka cluster id as UTF-8 text. */
    static final String MARKER = "herald-kafka-cluster.id";

    private static final Logger LOG = LoggerFactory.getLogger(LocalStateGuard.class);
    /** A task directory's name: subtopology and partition, e.g. {@code 1_10}. */
    private static final Pattern TASK_ID = Pattern.compile("\\d+_\\d+");
    /** Kafka Streams' checkpoint file in a task directory. */
    private static final String CHECKPOINT = ".checkpoint";

    private LocalStateGuard() {
    }

    /**
     * Makes {@code stateDir} belong to {@code clusterId}: creates it if absent, deletes its contents if they belong to
     * another cluster or to an unknown one, and writes the marker.
     *
     * @param stateDir the Kafka Streams {@code state.dir}
     * @param clusterId the id of the cluster the application connects to, or empty if it could not be read (then the
     *     directory is left as it is, and a warning logged)
     * @return true if local state was deleted
     * @throws UncheckedIOException if the directory cannot be read, cleared or written
     */
    public static boolean bind(Path stateDir, Optional<String> clusterId) {
        if (clusterId.isEmpty()) {
            LOG.warn("Kafka cluster id unknown: the Kafka Streams local state in {} is used unchecked",
                    stateDir);
            return false;
        }
        try {
            Files.createDirectories(stateDir);
            Path marker = stateDir.resolve(MARKER);
            Optional<String> owner = Files.exists(marker)
                    ? Optional.of(Files.readString(marker, StandardCharsets.UTF_8).trim()) : Optional.empty();
            if (owner.equals(clusterId)) {
                return false;
            }
            List<Path> contents;
            try (Stream<Path> entries = Files.list(stateDir)) {
                contents = entries.filter(entry -> !entry.getFileName().toString().equals(MARKER)).toList();
            }
            boolean wiped = !contents.isEmpty();
            if (wiped) {
                LOG.warn("Local state in {} belongs to {}, not to Kafka cluster {}: deleted; Kafka Streams restores "
                        + "the stores from their changelog topics", stateDir,
                        owner.map(id -> "Kafka cluster " + id).orElse("an unknown Kafka cluster"), clusterId.get());
                for (Path entry : contents) {
                    deleteRecursively(entry);
                }
            }
            Files.writeString(marker, clusterId.get() + "\n", StandardCharsets.UTF_8);
            return wiped;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check the Kafka Streams state directory " + stateDir, e);
        }
    }

    /**
     * Reads the Kafka cluster id (KIP-78) for {@link #bind(Path, Optional)}.
     *
     * @param admin an admin client of the cluster
     * @param timeoutMs how long to wait for the answer, in ms
     * @return the cluster id, or empty (logged as a warning) if the cluster did not give it in time
     */
    public static Optional<String> clusterId(Admin admin, long timeoutMs) {
        try {
            return Optional.ofNullable(admin.describeCluster().clusterId().get(timeoutMs, TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            LOG.warn("Could not read the Kafka cluster id: {}", e.toString());
            return Optional.empty();
        }
    }

    /**
     * Deletes the task directories of {@code applicationId} that have no {@code .checkpoint} file. Under
     * {@code exactly_once_v2} Kafka Streams removes a task's checkpoint while it processes and writes it again on a
     * clean close, so after a crash (SIGKILL, OOM) no task has one, and Streams treats every such non-empty store as
     * corrupted: it opens each RocksDB store at start, then wipes it and restores it from the changelog. Deleting
     * them first gives the same result without opening them, which after a crash takes seconds per task on a busy
     * host and holds up the application's start.
     *
     * @param stateDir the Kafka Streams {@code state.dir}
     * @param applicationId the {@code application.id}: the task directories are {@code stateDir/applicationId/<task>}
     * @return the number of task directories deleted
     * @throws UncheckedIOException if a directory cannot be read or deleted
     */
    public static int dropTasksWithoutCheckpoint(Path stateDir, String applicationId) {
        Path appDir = stateDir.resolve(applicationId);
        if (!Files.isDirectory(appDir)) {
            return 0;
        }
        try {
            List<Path> uncheckpointed;
            try (Stream<Path> tasks = Files.list(appDir)) {
                uncheckpointed = tasks.filter(Files::isDirectory)
                        .filter(task -> TASK_ID.matcher(task.getFileName().toString()).matches())
                        .filter(task -> !Files.exists(task.resolve(CHECKPOINT)))
                        .toList();
            }
            for (Path task : uncheckpointed) {
                deleteRecursively(task);
            }
            if (!uncheckpointed.isEmpty()) {
                LOG.info("Deleted {} task directories without a checkpoint in {} (left by a crash); their stores are "
                        + "restored from the changelog topics", uncheckpointed.size(), appDir);
            }
            return uncheckpointed.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear crashed tasks in " + appDir, e);
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        try (Stream<Path> tree = Files.walk(path)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
