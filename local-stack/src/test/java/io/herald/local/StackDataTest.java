package io.herald.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks which folders {@link StackData} keeps and deletes, on work folders laid out by hand. */
class StackDataTest {

    @TempDir
    Path work;

    @Test
    void recordsWithoutARegistryDatabaseAreDeletedWithTheirStreamsState() throws IOException {
        // given a work folder of an older Herald: Kafka storage, Streams state, no registry-data/
        file("kafka-data/meta.properties");
        file("ingest-state/ingest-18080/status/.herald-cluster-id");
        file("receipts-state/dispatcher-1/x");
        file("bench/receipts-state/bench-1/x");
        file("logs/ingest.log");
        file("config/server.properties");
        file("chaos/kafka-data/meta.properties");
        file("chaos/receipts-state/dispatcher-1/x");

        // when
        StackData.Found found = StackData.prepare(work);

        // then it starts clean, but keeps logs, config and the chaos stack's own work folder
        assertThat(found).isEqualTo(StackData.Found.RESET);
        assertThat(work.resolve("kafka-data")).doesNotExist();
        assertThat(work.resolve("ingest-state")).doesNotExist();
        assertThat(work.resolve("receipts-state")).doesNotExist();
        assertThat(work.resolve("bench/receipts-state")).doesNotExist();
        assertThat(work.resolve("logs/ingest.log")).exists();
        assertThat(work.resolve("config/server.properties")).exists();
        assertThat(work.resolve("chaos/kafka-data/meta.properties")).exists();
        assertThat(work.resolve("chaos/receipts-state/dispatcher-1/x")).exists();
    }

    @Test
    void aRegistryDatabaseWithoutKafkaStorageIsDeleted() throws IOException {
        // given registry data and Streams state left after kafka-data/ was deleted by hand
        file("registry-data/registry.mv.db");
        file("ingest-state/ingest-18080/x");

        // when
        StackData.Found found = StackData.prepare(work);

        // then Kafka formats afresh, and nothing is left that the old records wrote
        assertThat(found).isEqualTo(StackData.Found.NEW);
        assertThat(work.resolve("registry-data")).doesNotExist();
        assertThat(work.resolve("ingest-state")).doesNotExist();
    }

    @Test
    void recordsWithTheirRegistryDatabaseAreKept() throws IOException {
        // given
        file("kafka-data/meta.properties");
        file("registry-data/registry.mv.db");
        file("receipts-state/dispatcher-1/x");

        // when
        StackData.Found found = StackData.prepare(work);

        // then
        assertThat(found).isEqualTo(StackData.Found.KEPT);
        assertThat(work.resolve("kafka-data/meta.properties")).exists();
        assertThat(work.resolve("registry-data/registry.mv.db")).exists();
        assertThat(work.resolve("receipts-state/dispatcher-1/x")).exists();
    }

    @Test
    void deleteAllDeletesTheDataAndKeepsLogsAndConfig() throws IOException {
        // given
        file("kafka-data/meta.properties");
        file("registry-data/registry.mv.db");
        file("ingest-state/ingest-18080/x");
        file("logs/kafka.log");
        file("config/server.properties");

        // when
        var deleted = StackData.deleteAll(work);

        // then
        assertThat(deleted).containsExactly(Path.of("kafka-data"), Path.of("registry-data"), Path.of("ingest-state"));
        assertThat(work.resolve("kafka-data")).doesNotExist();
        assertThat(work.resolve("registry-data")).doesNotExist();
        assertThat(work.resolve("logs/kafka.log")).exists();
        assertThat(work.resolve("config/server.properties")).exists();
    }

    @Test
    void deleteAllRefusesWhileAProcessOfTheWorkFolderRuns() throws IOException {
        // given a child started from the work folder (it has run/sleeper.pid) and data beside it
        file("kafka-data/meta.properties");
        try (ChildProcess child = ChildProcess.start(ChildProcess.Spec.builder("sleeper",
                        JavaCommand.mainClass(System.getProperty("java.class.path"), SleeperMain.class.getName())
                                .maxHeap("32m").build())
                .workDir(work).stopTimeout(Duration.ofSeconds(10)).build())) {

            // when, then nothing is deleted, and the message names the process
            assertThatThrownBy(() -> StackData.deleteAll(work))
                    .isInstanceOf(WorkFolderInUseException.class)
                    .hasMessageContaining("sleeper pid " + child.pid());
            assertThat(work.resolve("kafka-data/meta.properties")).exists();
        }

        // and once it stopped, the data can be deleted
        assertThat(StackData.deleteAll(work)).containsExactly(Path.of("kafka-data"));
    }

    private void file(String relative) throws IOException {
        Path file = work.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x");
    }
}
