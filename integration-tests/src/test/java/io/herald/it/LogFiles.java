package io.herald.it;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Reading a child process's log, which the local stack appends to across runs. */
final class LogFiles {

    private LogFiles() {
    }

    /**
     * @param log a log file
     * @param from a byte offset, e.g. the file's size before the part of the run of interest
     * @return the lines written from that offset on
     */
    static List<String> linesFrom(Path log, long from) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            file.seek(from);
            byte[] rest = new byte[(int) (file.length() - from)];
            file.readFully(rest);
            return new String(rest, StandardCharsets.UTF_8).lines().toList();
        }
    }
}
