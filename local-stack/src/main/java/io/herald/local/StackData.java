package io.herald.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data a local stack keeps in its work folder from one run to the next, and the rule that keeps it consistent:
 * every Avro value in Kafka names its schema by id (bytes 1 to 4 of the Confluent wire format), so records are only
 * readable with the registry storage that handed out those ids, and the services' Kafka Streams state is derived from
 * the records. Both therefore live exactly as long as Kafka's storage.
 *
 * <table>
 *   <caption>Persistent folders of a work folder</caption>
 *   <tr><th>Folder</th><th>Holds</th><th>Written by</th></tr>
 *   <tr><td>{@value #KAFKA_DATA}/</td><td>Kafka's log dirs and KRaft metadata; formatted when
 *       {@code meta.properties} is absent</td><td>{@link KafkaBroker}</td></tr>
 *   <tr><td>{@value #REGISTRY_DATA}/</td><td>the registry's H2 database, {@code registry.mv.db}: schemas and their
 *       ids</td><td>{@link SchemaRegistry}</td></tr>
 *   <tr><td>{@value #INGEST_STATE}/</td><td>each ingest-service instance's Kafka Streams stores (status view, bulk
 *       loader)</td><td>{@link IngestServiceProcess}</td></tr>
 *   <tr><td>{@value DispatcherProcess#STATE_FOLDER}/</td><td>each dispatcher's receipt correlator stores</td>
 *       <td>{@link DispatcherProcess}</td></tr>
 * </table>
 *
 * <p>The two Streams state folders count in the work folder and in each folder directly below it that is not a work
 * folder of its own (has no {@value #KAFKA_DATA}/): {@code herald bench} runs its extra dispatchers in
 * {@code WORK/bench}, whose stores derive from the same broker, while {@code herald chaos} keeps a whole stack of its
 * own in {@code WORK/chaos}. {@code config/}, {@code logs/} and {@code run/} are never deleted here.
 */
public final class StackData {

    private static final Logger LOG = LoggerFactory.getLogger(StackData.class);

    /** Kafka's storage folder in the work folder. */
    public static final String KAFKA_DATA = "kafka-data";
    /** The registry's storage folder in the work folder. */
    public static final String REGISTRY_DATA = "registry-data";
    /** The folder of the ingest-service instances' Kafka Streams state ({@code streams.stateDir}). */
    public static final String INGEST_STATE = "ingest-state";

    private static final List<String> STATE_FOLDERS = List.of(INGEST_STATE, DispatcherProcess.STATE_FOLDER);

    /** What {@link #prepare(Path)} found in the work folder. */
    public enum Found {
        /** No Kafka storage: Kafka formats it; a registry database or Streams state left without it was deleted. */
        NEW,
        /** Kafka storage and the registry database that goes with it: both are kept. */
        KEPT,
        /**
         * Kafka storage without a registry database (a work folder of a Herald whose registry kept schemas in
         * memory): Kafka's storage and the Streams state were deleted, so the run starts clean.
         */
        RESET
    }

    private StackData() {
    }

    /**
     * Makes the work folder's persistent data consistent before Kafka and a persistent registry start in it: without
     * Kafka storage ({@code kafka-data/meta.properties} absent), deletes {@code registry-data/} and the Streams state
     * folders; with Kafka storage but no registry database ({@code registry-data/registry.mv.db}), logs a warning and
     * deletes {@code kafka-data/} and the Streams state folders, since every record there names a schema id that is
     * gone (or that the new registry would give to another schema).
     *
     * @param workDir the work folder
     * @return what was found
     * @throws UncheckedIOException if a folder cannot be deleted
     */
    public static Found prepare(Path workDir) {
        Path work = workDir.toAbsolutePath();
        if (!Files.exists(work.resolve(KAFKA_DATA).resolve("meta.properties"))) {
            List<Path> deleted = delete(registryAndState(work));
            if (!deleted.isEmpty()) {
                LOG.info("no Kafka storage in {}: deleted {}, which belonged to the records of an earlier one", work,
                        names(work, deleted));
            }
            return Found.NEW;
        }
        if (Files.exists(SchemaRegistry.databaseFile(work.resolve(REGISTRY_DATA)))) {
            return Found.KEPT;
        }
        LOG.warn("{} has Kafka records ({}/) but no schema registry data ({}/): it was used by an older Herald whose"
                + " registry kept schemas in memory, so those records name schema ids that are gone. Starting clean:"
                + " deleting {}", work, KAFKA_DATA, REGISTRY_DATA, names(work, existing(all(work))));
        delete(all(work));
        return Found.RESET;
    }

    /**
     * Deletes the work folder's persistent data, as {@code --fresh} does: Kafka's storage, the registry's database
     * and the Streams state folders; {@code config/}, {@code logs/} and {@code run/} stay.
     *
     * @param workDir the work folder
     * @return the folders deleted (those that existed), relative to the work folder
     * @throws WorkFolderInUseException if a process started from the work folder still runs; nothing is deleted then
     * @throws UncheckedIOException if a folder cannot be deleted
     */
    public static List<Path> deleteAll(Path workDir) {
        Path work = workDir.toAbsolutePath();
        Map<String, Long> running = ChildProcess.runningFrom(work);
        if (!running.isEmpty()) {
            throw new WorkFolderInUseException(work, running);
        }
        return delete(all(work)).stream().map(work::relativize).toList();
    }

    /**
     * {@link #deleteAll(Path)}, described for a progress line.
     *
     * @param workDir the work folder
     * @return {@code no data to delete}, or {@code deleted kafka-data/ registry-data/ …}
     * @throws WorkFolderInUseException if a process started from the work folder still runs; nothing is deleted then
     * @throws UncheckedIOException if a folder cannot be deleted
     */
    public static String deleteAllDescribed(Path workDir) {
        List<Path> deleted = deleteAll(workDir);
        return deleted.isEmpty() ? "no data to delete"
                : "deleted " + deleted.stream().map(folder -> folder + "/").collect(Collectors.joining(" "));
    }

    /**
     * Deletes the broker's data and the dispatchers' receipt correlator stores, so that the next start begins from
     * empty topics (and, finding no Kafka storage, {@link #prepare(Path)} deletes the registry's data and the other
     * Streams state too). Unlike {@link #deleteAll(Path)}, it does not check for running processes.
     *
     * @param workDir the work folder
     * @throws UncheckedIOException if a folder cannot be deleted
     */
    public static void deleteKafkaData(Path workDir) {
        Path work = workDir.toAbsolutePath();
        delete(List.of(work.resolve(KAFKA_DATA), work.resolve(DispatcherProcess.STATE_FOLDER)));
    }

    private static List<Path> all(Path work) {
        List<Path> all = new ArrayList<>();
        all.add(work.resolve(KAFKA_DATA));
        all.addAll(registryAndState(work));
        return all;
    }

    private static List<Path> registryAndState(Path work) {
        List<Path> folders = new ArrayList<>();
        folders.add(work.resolve(REGISTRY_DATA));
        STATE_FOLDERS.forEach(name -> folders.add(work.resolve(name)));
        if (Files.isDirectory(work)) {
            try (Stream<Path> children = Files.list(work)) {
                for (Path child : children.filter(Files::isDirectory).sorted().toList()) {
                    if (!STATE_FOLDERS.contains(child.getFileName().toString())
                            && !Files.exists(child.resolve(KAFKA_DATA))) {
                        STATE_FOLDERS.forEach(name -> folders.add(child.resolve(name)));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + work, e);
            }
        }
        return folders;
    }

    private static List<Path> existing(List<Path> folders) {
        return folders.stream().filter(Files::exists).toList();
    }

    private static List<Path> delete(List<Path> folders) {
        List<Path> deleted = existing(folders);
        for (Path folder : deleted) {
            try (Stream<Path> paths = Files.walk(folder)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + folder, e);
            }
        }
        return deleted;
    }

    private static String names(Path work, List<Path> folders) {
        return folders.stream().map(f -> work.relativize(f) + "/").collect(Collectors.joining(", "));
    }
}
