package io.herald.smsc.push;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes the files of the credentials directory. */
final class CredentialFiles {

    private CredentialFiles() {
    }

    /**
     * Writes a file through a temporary sibling and a rename, so that a reader never sees half of it; on a POSIX file
     * system a secret is readable by its owner only (0600), anything else by all (0644).
     *
     * @param file    the file
     * @param content its text, UTF-8
     * @param secret  whether it holds a private key
     * @throws UncheckedIOException when it cannot be written
     */
    static void write(Path file, String content, boolean secret) {
        try {
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                // createTempFile makes an owner-only file; a certificate or settings file is for every reader.
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--"));
            }
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
