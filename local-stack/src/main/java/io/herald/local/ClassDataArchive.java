package io.herald.local;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application class-data sharing archive (AppCDS, JEP 310 and the dynamic archive of JEP 350) for one jar on the
 * JVM that runs this code: the classes a child JVM of that jar loaded, parsed and verified once and mapped into later
 * JVMs. A dispatcher started with it spends about half the CPU before it dispatches (measured on this machine, idle:
 * 2.8 s of CPU instead of 5.9 s, 2.2 s wall instead of 4.5 s); on a loaded machine, where a restarted dispatcher gets a
 * small share of the cores, that is most of the time from a {@code kill -9} to sending again.
 *
 * <p>The archive is {@code <folder>/<jar name>-<jar size>-<jar modification time>-java<version>.jsa}, so that a
 * rebuilt jar or another JVM gets an archive of its own (a JVM that cannot use an archive says so in one warning line
 * and runs without it). When it does not exist, the first process to {@linkplain #jvmOptions() ask} writes it: it runs
 * with {@code -XX:ArchiveClassesAtExit} to a file of its own, which the JVM writes when it exits normally (after
 * SIGTERM, not after {@code kill -9}), and which {@link #afterExit} then moves into place. A lock file lets one
 * process at a time write it; a lock older than {@value #STALE_LOCK_MINUTES} minutes is taken over.
 */
public final class ClassDataArchive {

    private static final Logger LOG = LoggerFactory.getLogger(ClassDataArchive.class);
    static final long STALE_LOCK_MINUTES = 30;

    private final Path archive;
    private final Path lock;
    /** The file this process's JVM writes at exit, or null if it uses the archive or neither. */
    private final Path written;
    private final List<String> jvmOptions;

    private ClassDataArchive(Path archive, Path lock, Path written, List<String> jvmOptions) {
        this.archive = archive;
        this.lock = lock;
        this.written = written;
        this.jvmOptions = jvmOptions;
    }

    /**
     * Decides how one child JVM of a jar takes part: it uses the archive, writes it, or (another process is writing
     * it) neither.
     *
     * @param folder where archives are kept, created if missing
     * @param jar the jar the child JVM runs
     * @return the child's part; {@link #jvmOptions()} is empty if the jar or folder cannot be read or written
     */
    public static ClassDataArchive forJar(Path folder, Path jar) {
        try {
            Files.createDirectories(folder);
            String name = String.format(Locale.ROOT, "%s-%d-%d-java%s.jsa",
                    jar.getFileName().toString().replaceFirst("\\.jar$", ""), Files.size(jar),
                    Files.getLastModifiedTime(jar).toMillis(), Runtime.version().toString().replaceAll("[^\\w.]", "_"));
            Path archive = folder.resolve(name);
            Path lock = folder.resolve(name + ".lock");
            if (Files.isRegularFile(archive)) {
                return new ClassDataArchive(archive, lock, null, List.of("-XX:SharedArchiveFile=" + archive));
            }
            if (!claim(lock)) {
                return new ClassDataArchive(archive, lock, null, List.of());
            }
            Path written = folder.resolve(name + "." + UUID.randomUUID() + ".tmp");
            return new ClassDataArchive(archive, lock, written, List.of("-XX:ArchiveClassesAtExit=" + written));
        } catch (IOException | RuntimeException e) {
            LOG.debug("no class-data archive for {}: {}", jar, e.toString());
            return new ClassDataArchive(null, null, null, List.of());
        }
    }

    private static boolean claim(Path lock) throws IOException {
        try {
            Files.createFile(lock);
            return true;
        } catch (FileAlreadyExistsException taken) {
            FileTime since = Files.getLastModifiedTime(lock);
            if (since.toInstant().isAfter(Instant.now().minus(Duration.ofMinutes(STALE_LOCK_MINUTES)))) {
                return false;
            }
            Files.deleteIfExists(lock); // left by a CLI that died before its child ended
            try {
                Files.createFile(lock);
                return true;
            } catch (FileAlreadyExistsException raced) {
                return false;
            }
        }
    }

    /** @return the JVM options of the child: {@code -XX:SharedArchiveFile}, {@code -XX:ArchiveClassesAtExit} or none */
    public List<String> jvmOptions() {
        return jvmOptions;
    }

    /** @return true if the child writes the archive at a normal exit */
    public boolean writes() {
        return written != null;
    }

    /** @return the archive's path, or null if none could be named */
    public Path archive() {
        return archive;
    }

    /**
     * Once the child has exited: moves the archive it wrote into place if it exited with status 0 (a normal exit,
     * e.g. after SIGTERM; an archive cut short by a kill is deleted) and releases the lock. Does nothing for a child
     * that does not write it.
     *
     * @param exitCode completes with the child's exit code
     */
    public void afterExit(CompletableFuture<Integer> exitCode) {
        if (written == null) {
            return;
        }
        exitCode.whenComplete((code, error) -> finish(code != null && code == 0));
    }

    void finish(boolean exitedNormally) {
        try {
            if (exitedNormally && Files.isRegularFile(written) && Files.size(written) > 0) {
                Files.move(written, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                LOG.debug("class-data archive written: {}", archive);
            } else {
                Files.deleteIfExists(written);
            }
        } catch (IOException e) {
            LOG.debug("class-data archive {} not kept: {}", archive, e.toString());
        } finally {
            try {
                Files.deleteIfExists(lock);
            } catch (IOException e) {
                LOG.debug("cannot delete {}: {}", lock, e.toString());
            }
        }
    }
}
