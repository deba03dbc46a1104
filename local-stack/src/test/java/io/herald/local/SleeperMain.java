package io.herald.local;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A tiny child process for {@link ChildProcessTest}: prints "sleeper started", optionally writes a marker file (the
 * first argument), exits at once with {@code --exit CODE}, or returns from main with {@code --exit-normally};
 * otherwise sleeps until killed, printing "sleeper shutting down" from a shutdown hook on SIGTERM.
 */
public final class SleeperMain {

    private SleeperMain() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("sleeper started");
        System.out.flush();
        if (args.length == 2 && args[0].equals("--exit")) {
            System.out.println("sleeper exiting with " + args[1]);
            System.out.flush();
            Runtime.getRuntime().halt(Integer.parseInt(args[1]));
        }
        if (args.length == 1 && args[0].equals("--exit-normally")) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("sleeper shutting down");
            System.out.flush();
        }));
        if (args.length == 1 && !args[0].startsWith("--")) {
            Files.writeString(Path.of(args[0]), "ready");
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
