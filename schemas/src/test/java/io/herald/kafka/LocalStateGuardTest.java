package io.herald.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStateGuardTest {

    @TempDir
    Path tmp;

    @Test
    void aNewDirectoryIsCreatedAndMarkedWithTheCluster() throws IOException {
        Path stateDir = tmp.resolve("receipts").resolve("dispatcher-1");

        boolean wiped = LocalStateGuard.bind(stateDir, Optional.of("cluster-A"));

        assertThat(wiped).isFalse();
        assertThat(marker(stateDir)).isEqualTo("cluster-A");
    }

    @Test
    void stateOfTheSameClusterIsKept() throws IOException {
        LocalStateGuard.bind(tmp, Optional.of("cluster-A"));
        Path store = storeIn(tmp, "1_0");

        boolean wiped = LocalStateGuard.bind(tmp, Optional.of("cluster-A"));

        assertThat(wiped).isFalse();
        assertThat(store).exists();
        assertThat(Files.readString(store.resolve(".checkpoint"))).isEqualTo("0\n1\nchangelog 0 2087\n");
    }

    @Test
    void stateOfAnotherClusterIsDeletedAndTheMarkerRewritten() throws IOException {
        LocalStateGuard.bind(tmp, Optional.of("cluster-A"));
        Path store = storeIn(tmp, "1_0");
        Path processFile = Files.writeString(tmp.resolve("kafka-streams-process-metadata"), "{}");

        boolean wiped = LocalStateGuard.bind(tmp, Optional.of("cluster-B"));

        assertThat(wiped).isTrue();
        assertThat(store).doesNotExist();
        assertThat(processFile).doesNotExist();
        assertThat(tmp.resolve("app")).doesNotExist();
        assertThat(marker(tmp)).isEqualTo("cluster-B");
    }

    @Test
    void stateWithoutAMarkerIsOfAnUnknownClusterAndDeleted() throws IOException {
        Path store = storeIn(tmp, "2_3");

        boolean wiped = LocalStateGuard.bind(tmp, Optional.of("cluster-A"));

        assertThat(wiped).isTrue();
        assertThat(store).doesNotExist();
        assertThat(marker(tmp)).isEqualTo("cluster-A");
    }

    @Test
    void anUnknownClusterIdLeavesTheStateAsItIs() throws IOException {
        LocalStateGuard.bind(tmp, Optional.of("cluster-A"));
        Path store = storeIn(tmp, "1_0");

        boolean wiped = LocalStateGuard.bind(tmp, Optional.empty());

        assertThat(wiped).isFalse();
        assertThat(store).exists();
        assertThat(marker(tmp)).isEqualTo("cluster-A");
    }

    @Test
    void tasksACrashLeftWithoutACheckpointAreDeletedAndCheckpointedOnesKept() throws IOException {
        // given a task closed cleanly (with its checkpoint) and two a crash left without one
        Path clean = storeIn(tmp, "1_0");
        Path crashed = storeIn(tmp, "1_1");
        Files.delete(crashed.resolve(".checkpoint"));
        Path crashedToo = storeIn(tmp, "2_11");
        Files.delete(crashedToo.resolve(".checkpoint"));
        Path notATask = Files.createDirectories(tmp.resolve("app").resolve("kafka-streams-metadata"));

        // when
        int dropped = LocalStateGuard.dropTasksWithoutCheckpoint(tmp, "app");

        // then
        assertThat(dropped).isEqualTo(2);
        assertThat(crashed).doesNotExist();
        assertThat(crashedToo).doesNotExist();
        assertThat(clean.resolve("rocksdb")).exists();
        assertThat(notATask).exists();
        assertThat(LocalStateGuard.dropTasksWithoutCheckpoint(tmp, "other-app")).isZero();
    }

    /** A task directory as Kafka Streams lays it out: state.dir/application.id/task/rocksdb/store, plus a checkpoint. */
    private static Path storeIn(Path stateDir, String task) throws IOException {
        Path taskDir = stateDir.resolve("app").resolve(task);
        Files.createDirectories(taskDir.resolve("rocksdb").resolve("receipt-submitted"));
        Files.writeString(taskDir.resolve("rocksdb").resolve("receipt-submitted").resolve("000001.sst"), "data");
        Files.writeString(taskDir.resolve(".checkpoint"), "0\n1\nchangelog 0 2087\n");
        return taskDir;
    }

    private static String marker(Path stateDir) throws IOException {
        return Files.readString(stateDir.resolve(LocalStateGuard.MARKER), StandardCharsets.UTF_8).trim();
    }
}
