package io.herald.smsc;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar smsc-simulator/target/smsc-simulator.jar [options]}: runs a {@link SmscSimulator} until SIGTERM or
 * Ctrl-C, then unbinds every session and exits 0. Exit codes: 0 after a clean stop, 2 when a port is in use (one line
 * on stderr: {@code smsc-simulator: port 2775 on 127.0.0.1 is already in use}) or the options are invalid, 1 when it
 * cannot start for another reason.
 */
@Command(name = "smsc-simulator", mixinStandardHelpOptions = true, version = "herald smsc-simulator 0.1.0",
        sortOptions = false, usageHelpAutoWidth = true,
        description = "A real SMPP 3.4 server (SMSC) that records what it receives, with an HTTP control/stats API, "
                + "and optionally an SMTP server for e-mail and FCM and APNs servers for push notifications.")
public final class SmscSimulatorMain implements Callable<Integer> {

    /** Exit code when a port is taken or the options are invalid. */
    public static final int EXIT_PORT_IN_USE = 2;
    /** Exit code when the simulator cannot start for another reason. */
    public static final int EXIT_START_FAILED = 1;

    private static final Logger LOG = LoggerFactory.getLogger(SmscSimulatorMain.class);

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = SmscSimulatorConfig.DEFAULT_HOST,
            description = "Address every listener binds to (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--smpp-port", paramLabel = "PORT", defaultValue = "2775",
            description = "SMPP 3.4 listener TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int smppPort;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "2776",
            description = "HTTP control/stats API TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--smtp-port", paramLabel = "PORT",
            description = "Also run an SMTP server (GreenMail) on this TCP port that accepts and records every e-mail, "
                    + "with or without AUTH; 0 picks a free one (default: no SMTP server).")
    Integer smtpPort;

    @Option(names = "--fcm-port", paramLabel = "PORT",
            description = "Also run an FCM HTTP v1 server on this TCP port (plain HTTP: OAuth 2.0 token endpoint "
                    + "POST /token, RFC 7523 JWT bearer grants; POST /v1/projects/herald-demo/messages:send) that "
                    + "records every message; 0 picks a free one; needs --push-credentials-dir "
                    + "(default: no FCM server).")
    Integer fcmPort;

    @Option(names = "--apns-port", paramLabel = "PORT",
            description = "Also run an APNs server on this TCP port (Pushy's MockApnsServer: HTTP/2 over TLS, "
                    + "token-based authentication, topic io.herald.demo) that records every notification; 0 picks a "
                    + "free one; needs --push-credentials-dir (default: no APNs server).")
    Integer apnsPort;

    @Option(names = "--push-credentials-dir", paramLabel = "DIR",
            description = "Directory where the push servers generate their credentials on first start and re-use "
                    + "them: fcm-service-account.json, apns-auth-key.p8, apns.properties, apns-server.pem, "
                    + "apns-server.p12; created if missing; required with --fcm-port or --apns-port (default: none).")
    Path pushCredentialsDir;

    @Option(names = "--system-id", paramLabel = "ID", defaultValue = SmscSimulatorConfig.DEFAULT_SYSTEM_ID,
            description = "The only system_id a bind is accepted with, at most 15 characters "
                    + "(default: ${DEFAULT-VALUE}).")
    String systemId;

    @Option(names = "--password", paramLabel = "PASSWORD", defaultValue = SmscSimulatorConfig.DEFAULT_PASSWORD,
            description = "The only password a bind is accepted with, at most 8 characters "
                    + "(default: ${DEFAULT-VALUE}).")
    String password;

    @Option(names = "--latency-ms", paramLabel = "MS", defaultValue = "0",
            description = "Delay in ms before each submit_sm_resp, without holding the session "
                    + "(default: ${DEFAULT-VALUE}).")
    long latencyMs;

    @Option(names = "--error-rate", paramLabel = "FRACTION", defaultValue = "0.0",
            description = "Fraction 0.0-1.0 of submit_sm answered ESME_RSYSERR (0x08) (default: ${DEFAULT-VALUE}).")
    double errorRate;

    @Option(names = "--throttle-rate", paramLabel = "FRACTION", defaultValue = "0.0",
            description = "Fraction 0.0-1.0 of submit_sm answered ESME_RTHROTTLED (0x58) at random, whatever the "
                    + "rate (default: ${DEFAULT-VALUE}).")
    double throttleRate;

    @Option(names = "--max-tps", paramLabel = "N", defaultValue = "0",
            description = "Cap in submit_sm per second over all sessions (token bucket); above it ESME_RTHROTTLED "
                    + "(0x58); 0 = no cap (default: ${DEFAULT-VALUE}).")
    int maxTps;

    @Option(names = "--dlr-delay-ms", paramLabel = "MS", defaultValue = "0",
            description = "Delay in ms between a submit_sm_resp and its delivery receipt, sent when "
                    + "registered_delivery asks (default: ${DEFAULT-VALUE}).")
    long dlrDelayMs;

    @Option(names = "--receipt-id-format", paramLabel = "FORMAT", defaultValue = "SAME",
            description = "How a receipt writes the message id: SAME as the submit_sm_resp (hex), DECIMAL, or MIXED "
                    + "(alternately) (default: ${DEFAULT-VALUE}).")
    SmscSimulatorConfig.ReceiptIdFormat receiptIdFormat;

    @Option(names = "--receipt-undelivered-rate", paramLabel = "FRACTION", defaultValue = "0.0",
            description = "Fraction 0.0-1.0 of receipts that report stat:UNDELIV err:001 (default: ${DEFAULT-VALUE}).")
    double receiptUndeliveredRate;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of the error-rate and throttle-rate random source, for repeatable runs "
                    + "(default: random).")
    Long seed;

    @Option(names = "--max-recorded", paramLabel = "N", defaultValue = "1000000",
            description = "Most complete messages kept in memory, oldest dropped first (default: ${DEFAULT-VALUE}).")
    int maxRecorded;

    private final CountDownLatch stopped = new CountDownLatch(1);

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Parses the options and runs the simulator until the JVM is asked to stop.
     *
     * @param args the command line
     * @return the exit code
     */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new SmscSimulatorMain());
        cli.setExitCodeExceptionMapper(e -> e instanceof PortInUseException || e instanceof IllegalArgumentException
                ? EXIT_PORT_IN_USE : EXIT_START_FAILED);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("smsc-simulator: " + e.getMessage());
            err.flush();
            return commandLine.getExitCodeExceptionMapper().getExitCode(e);
        });
        return cli.execute(args);
    }

    /**
     * @return 0 after a clean stop
     * @throws PortInUseException       when a port is taken
     * @throws IllegalArgumentException when an option is out of range
     * @throws Exception                when the simulator cannot start
     */
    @Override
    public Integer call() throws Exception {
        SmscSimulatorConfig config = SmscSimulatorConfig.builder()
                .host(host).smppPort(smppPort).httpPort(httpPort).smtpPort(smtpPort)
                .fcmPort(fcmPort).apnsPort(apnsPort).pushCredentialsDir(pushCredentialsDir)
                .systemId(systemId).password(password)
                .latencyMs(latencyMs).errorRate(errorRate).throttleRate(throttleRate).maxTps(maxTps)
                .dlrDelayMs(dlrDelayMs)
                .receiptIdFormat(receiptIdFormat).receiptUndeliveredRate(receiptUndeliveredRate)
                .seed(seed).maxRecorded(maxRecorded)
                .build();
        SmscSimulator simulator = new SmscSimulator(config);
        simulator.start();
        Thread hook = new Thread(() -> {
            LOG.info("Stopping: unbinding sessions");
            simulator.close();
            stopped.countDown();
        }, "smsc-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stopped.await();
        return 0;
    }
}
