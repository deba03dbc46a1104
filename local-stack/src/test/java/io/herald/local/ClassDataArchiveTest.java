package io.herald.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataArchiveTest {

    @TempDir
    Path dir;

    @Test
    void theFirstChildWritesTheArchiveTheOthersWaitAndLaterOnesUseIt() throws IOException {
        Path jar = jar();
        Path folder = dir.resolve("cds");
        ClassDataArchive first = ClassDataArchive.forJar(folder, jar);
        assertThat(first.writes()).isTrue();
        assertThat(first.jvmOptions()).singleElement().asString().startsWith("-XX:ArchiveClassesAtExit=");
        Path written = Path.of(first.jvmOptions().get(0).substring("-XX:ArchiveClassesAtExit=".length()));

        ClassDataArchive meanwhile = ClassDataArchive.forJar(folder, jar);
        assertThat(meanwhile.writes()).isFalse();
        assertThat(meanwhile.jvmOptions()).as("another child is writing it").isEmpty();

        Files.writeString(written, "archive"); // what the JVM writes at its exit
        first.afterExit(CompletableFuture.completedFuture(0));

        assertThat(first.archive()).hasContent("archive");
        assertThat(written).doesNotExist();
        ClassDataArchive later = ClassDataArchive.forJar(folder, jar);
        assertThat(later.writes()).isFalse();
        assertThat(later.jvmOptions()).containsExactly("-XX:SharedArchiveFile=" + first.archive());
    }

    @Test
    void anArchiveOfAKilledChildIsDroppedAndTheNextChildWritesIt() throws IOException {
        Path jar = jar();
        Path folder = dir.resolve("cds");
        ClassDataArchive killed = ClassDataArchive.forJar(folder, jar);
        Path written = Path.of(killed.jvmOptions().get(0).substring("-XX:ArchiveClassesAtExit=".length()));
        Files.writeString(written, "cut short");
        killed.afterExit(CompletableFuture.completedFuture(137));

        assertThat(killed.archive()).doesNotExist();
        assertThat(written).doesNotExist();
        assertThat(ClassDataArchive.forJar(folder, jar).writes()).as("the lock was released").isTrue();
    }

    @Test
    void aStaleLockIsTakenOver() throws IOException {
        Path jar = jar();
        Path folder = dir.resolve("cds");
        ClassDataArchive orphan = ClassDataArchive.forJar(folder, jar); // its CLI died: no afterExit
        assertThat(orphan.writes()).isTrue();
        Path lock = orphan.archive().resolveSibling(orphan.archive().getFileName() + ".lock");
        assertThat(ClassDataArchive.forJar(folder, jar).writes()).isFalse();

        Files.setLastModifiedTime(lock, FileTime.from(Instant.now()
                .minus(Duration.ofMinutes(ClassDataArchive.STALE_LOCK_MINUTES + 1))));
        assertThat(ClassDataArchive.forJar(folder, jar).writes()).isTrue();
    }

    @Test
    void aRebuiltJarGetsAnArchiveOfItsOwn() throws IOException {
        Path jar = jar();
        Path folder = dir.resolve("cds");
        Path before = ClassDataArchive.forJar(folder, jar).archive();
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(ClassDataArchive.forJar(folder, jar).archive()).isNotEqualTo(before);
    }

    @Test
    void aMissingJarGivesNoOptions() {
        ClassDataArchive none = ClassDataArchive.forJar(dir.resolve("cds"), dir.resolve("missing.jar"));
        assertThat(none.jvmOptions()).isEmpty();
        assertThat(none.writes()).isFalse();
    }

    /** A real JVM writes the archive at its normal exit, and the next one maps it (-Xshare:on fails if it cannot). */
    @Test
    void aRealJvmWritesAnArchiveThatTheNextOneUses() throws Exception {
        Path jar = jar();
        Path folder = dir.resolve("cds");
        ClassDataArchive writer = ClassDataArchive.forJar(folder, jar);
        assertThat(run(writer, jar)).isZero();
        assertThat(writer.archive()).as("moved into place after exit 0").isRegularFile();

        ClassDataArchive user = ClassDataArchive.forJar(folder, jar);
        assertThat(user.jvmOptions()).singleElement().asString().startsWith("-XX:SharedArchiveFile=");
        assertThat(run(user, jar, "-Xshare:on")).isZero();

        Files.writeString(user.archive(), "not an archive");
        assertThat(run(user, jar, "-Xshare:on")).as("the check can fail").isNotZero();
    }

    private int run(ClassDataArchive archive, Path jar, String... extra) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(JavaCommand.javaExecutable().toString());
        command.addAll(archive.jvmOptions());
        command.addAll(List.of(extra));
        command.addAll(List.of("-jar", jar.toString(), "--exit-normally"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("jvm.log").toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Integer> exit = CompletableFuture.completedFuture(process.exitValue());
        archive.afterExit(exit);
        return process.exitValue();
    }

    /** A jar of {@link SleeperMain}, whose {@code --exit-normally} returns from main. */
    private Path jar() throws IOException {
        Path jar = dir.resolve("sleeper.jar");
        if (Files.exists(jar)) {
            return jar;
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, SleeperMain.class.getName());
        String entry = SleeperMain.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest);
             var in = SleeperMain.class.getClassLoader().getResourceAsStream(entry)) {
            jarOut.putNextEntry(new JarEntry(entry));
            in.transferTo(jarOut);
            jarOut.closeEntry();
        }
        return jar;
    }
}
