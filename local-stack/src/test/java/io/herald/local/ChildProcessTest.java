package io.herald.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts real child JVMs running {@link SleeperMain} from this module's test classes. */
class ChildProcessTest {

    @TempDir
    Path work;

    private static List<String> sleeper(String... args) {
        return JavaCommand.mainClass(System.getProperty("java.class.path"), SleeperMain.class.getName())
                .maxHeap("32m").args(args).build();
    }

    private ChildProcess.Spec.Builder spec(String name, List<String> command) {
        return ChildProcess.Spec.builder(name, command).workDir(work).stopTimeout(Duration.ofSeconds(10));
    }

    @Test
    void startsWhenTheProbeAnswersAndStopsWithSigterm() throws IOException {
        // given a child that writes a marker file when it is "ready"
        Path marker = work.resolve("ready");
        ChildProcess child = ChildProcess.start(spec("sleeper", sleeper(marker.toString()))
                .readiness(() -> Files.exists(marker)).startupTimeout(Duration.ofSeconds(30)).build());

        // then it runs, has a pid file and a log
        assertThat(child.isAlive()).isTrue();
        assertThat(Files.readAllLines(work.resolve("run/sleeper.pid")).get(0)).isEqualTo(Long.toString(child.pid()));
        assertThat(Files.readString(child.logFile())).contains("sleeper started");

        // when
        int exitCode = child.stop();

        // then SIGTERM ran its shutdown hook, and the pid file is gone
        assertThat(exitCode).isEqualTo(143);
        assertThat(child.isAlive()).isFalse();
        assertThat(Files.readString(child.logFile(), StandardCharsets.UTF_8)).contains("sleeper shutting down");
        assertThat(work.resolve("run/sleeper.pid")).doesNotExist();
    }

    @Test
    void killEndsTheProcessAtOnceWithoutItsShutdownHook() throws IOException {
        // given
        ChildProcess child = ChildProcess.start(spec("victim", sleeper()).build());

        // when
        int exitCode = child.kill();

        // then
        assertThat(exitCode).isEqualTo(137);
        assertThat(child.handle().isAlive()).isFalse();
        assertThat(Files.readString(child.logFile())).doesNotContain("sleeper shutting down");
    }

    @Test
    void aProcessThatIsNeverReadyFailsWithTheTailOfItsLog() {
        // given a child that never becomes ready
        ChildProcess.Spec spec = spec("slow", sleeper()).readiness(() -> false)
                .startupTimeout(Duration.ofSeconds(2)).build();

        // when / then
        assertThatThrownBy(() -> ChildProcess.start(spec))
                .isInstanceOf(ChildProcessException.class)
                .hasMessageContaining("slow (pid ")
                .hasMessageContaining("was not ready within 2 s")
                .hasMessageContaining("| sleeper started");
        assertThat(work.resolve("run/slow.pid")).doesNotExist();
    }

    @Test
    void aProcessThatExitsEarlyFailsWithItsExitCodeAndLog() {
        // given a child that exits with 3 right away
        ChildProcess.Spec spec = spec("crasher", sleeper("--exit", "3")).readiness(() -> false)
                .startupTimeout(Duration.ofSeconds(30)).build();

        // when / then
        assertThatThrownBy(() -> ChildProcess.start(spec))
                .isInstanceOf(ChildProcessException.class)
                .hasMessageContaining("exited with code 3 before it was ready")
                .hasMessageContaining("| sleeper exiting with 3");
    }

    @Test
    void aStaleChildFromACrashedRunIsKilledOnTheNextStart() throws Exception {
        // given a child started outside any ChildProcess, whose pid file a crashed run left behind
        List<String> command = sleeper();
        Process orphan = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("orphan.log").toFile()).start();
        Files.createDirectories(work.resolve("run"));
        List<String> pidFile = new java.util.ArrayList<>(List.of(Long.toString(orphan.pid())));
        pidFile.addAll(command.subList(1, command.size()));
        Files.write(work.resolve("run/sleeper.pid"), pidFile);

        // when the same child is started again
        try (ChildProcess child = ChildProcess.start(spec("sleeper", command).build())) {
            // then the orphan is gone and the new one runs
            await().atMost(Duration.ofSeconds(15)).until(() -> !orphan.isAlive());
            assertThat(child.isAlive()).isTrue();
            assertThat(child.pid()).isNotEqualTo(orphan.pid());
        }
    }

    @Test
    void argumentsOfALongCommandLineAreReadToo() throws Exception {
        // given a process whose command line is longer than the page ProcessHandle.Info reads (a JVM's long -cp)
        String longArgument = "x".repeat(20_000);
        Process process = new ProcessBuilder("bash", "-c", "sleep 30; true", "arg0", longArgument).start();
        try {
            // when / then
            assertThat(ChildProcess.arguments(process.toHandle()))
                    .contains(List.of("-c", "sleep 30; true", "arg0", longArgument));
        } finally {
            process.destroyForcibly().waitFor();
        }
    }

    @Test
    void aPidFileNamingAnUnrelatedProcessDoesNotKillIt() throws Exception {
        // given a pid file whose pid now belongs to a process with other arguments
        Process unrelated = new ProcessBuilder(sleeper("--unrelated")).redirectErrorStream(true)
                .redirectOutput(work.resolve("unrelated.log").toFile()).start();
        try {
            Files.createDirectories(work.resolve("run"));
            List<String> command = sleeper();
            List<String> pidFile = new java.util.ArrayList<>(List.of(Long.toString(unrelated.pid())));
            pidFile.addAll(command.subList(1, command.size()));
            Files.write(work.resolve("run/sleeper.pid"), pidFile);

            // when
            try (ChildProcess child = ChildProcess.start(spec("sleeper", command).build())) {
                // then
                assertThat(unrelated.isAlive()).isTrue();
                assertThat(child.isAlive()).isTrue();
            }
        } finally {
            unrelated.destroyForcibly().waitFor();
        }
    }
}
