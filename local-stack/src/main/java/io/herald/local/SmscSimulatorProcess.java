package io.herald.local;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The SMSC simulator (a real SMPP 3.4 server) run from {@code smsc-simulator/target/smsc-simulator.jar}:
 * {@code java -jar smsc-simulator.jar --host 127.0.0.1 --smpp-port P --http-port H [--smtp-port S] --system-id …
 * --password …}. Ready when {@code GET /health} on the HTTP port answers 200 (the simulator opens its SMTP listener
 * before its HTTP one). Its HTTP API gives counts ({@link #stats()}) and the messages it received
 * ({@link #messages(String)}), and, for the e-mail channel, what its SMTP server (GreenMail) received
 * ({@link #mailStats()}, {@link #mails(String)}).
 */
public final class SmscSimulatorProcess extends LocalProcess {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

    private final int smppPort;
    private final int httpPort;
    private final int smtpPort;
    private final int fcmPort;
    private final int apnsPort;
    private final Path pushCredentials;
    private final String systemId;
    private final String password;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();

    private SmscSimulatorProcess(ChildProcess process, Options options, int smppPort, int httpPort, int smtpPort,
                                 int fcmPort, int apnsPort) {
        super(process);
        this.smppPort = smppPort;
        this.httpPort = httpPort;
        this.smtpPort = smtpPort;
        this.fcmPort = fcmPort;
        this.apnsPort = apnsPort;
        this.pushCredentials = options.pushCredentialsDir();
        this.systemId = options.systemId;
        this.password = options.password;
    }

    /**
     * Starts the simulator and waits until its HTTP API is up.
     *
     * @param home where the simulator jar is
     * @param options ports, credentials, behaviour
     * @return the running simulator
     * @throws PortInUseException if the SMPP or HTTP port is taken
     * @throws MissingArtifactException if the simulator is not built
     * @throws ChildProcessException if it is not ready within the startup timeout, or exits first (as it does, with
     *     code 2 and the port named in its log, when a fixed SMTP port is taken)
     */
    public static SmscSimulatorProcess start(HeraldHome home, Options options) {
        Path jar = home.smscSimulatorJar();
        int smppPort = LocalPorts.resolve(options.smppPort);
        int httpPort = LocalPorts.resolve(options.httpPort);
        LocalPorts.requireFree(smppPort, ServicePort.SMSC_SMPP);
        LocalPorts.requireFree(httpPort, ServicePort.SMSC_HTTP);
        int smtpPort = options.smtpPort == Options.SMTP_OFF ? Options.SMTP_OFF : LocalPorts.resolve(options.smtpPort);
        List<String> args = new ArrayList<>(List.of("--host", LocalPorts.HOST,
                "--smpp-port", Integer.toString(smppPort), "--http-port", Integer.toString(httpPort),
                "--system-id", options.systemId, "--password", options.password));
        if (smtpPort != Options.SMTP_OFF) {
            args.addAll(List.of("--smtp-port", Integer.toString(smtpPort)));
        }
        int fcmPort = Options.PUSH_OFF;
        int apnsPort = Options.PUSH_OFF;
        if (options.push) {
            fcmPort = LocalPorts.resolve(options.fcmPort);
            apnsPort = LocalPorts.resolve(options.apnsPort);
            args.addAll(List.of("--fcm-port", Integer.toString(fcmPort), "--apns-port", Integer.toString(apnsPort),
                    "--push-credentials-dir", options.pushCredentialsDir().toString()));
        }
        if (options.latencyMs != null) {
            args.addAll(List.of("--latency-ms", options.latencyMs.toString()));
        }
        if (options.errorRate != null) {
            args.addAll(List.of("--error-rate", options.errorRate.toString()));
        }
        if (options.maxTps != null) {
            args.addAll(List.of("--max-tps", options.maxTps.toString()));
        }
        if (options.dlrDelayMs != null) {
            args.addAll(List.of("--dlr-delay-ms", options.dlrDelayMs.toString()));
        }
        args.addAll(options.extraArgs);
        ChildProcess process = options.startChild(JavaCommand.jar(jar).args(args),
                ReadinessProbe.httpOk(URI.create(LocalPorts.httpUrl(httpPort) + "/health")));
        return new SmscSimulatorProcess(process, options, smppPort, httpPort, smtpPort, fcmPort, apnsPort);
    }

    /** @return the SMPP port on 127.0.0.1 */
    public int smppPort() {
        return smppPort;
    }

    /** @return the HTTP API port */
    public int httpPort() {
        return httpPort;
    }

    /**
     * @return the SMTP port on 127.0.0.1 (any sender and recipient, no TLS, AUTH optional with any credentials), or
     *     {@link Options#SMTP_OFF} (-1) when started without an SMTP server
     */
    public int smtpPort() {
        return smtpPort;
    }

    /** @return whether the simulator runs an SMTP server */
    public boolean smtpEnabled() {
        return smtpPort != Options.SMTP_OFF;
    }

    /** @return whether the simulator runs its APNs and FCM servers */
    public boolean pushEnabled() {
        return fcmPort != Options.PUSH_OFF;
    }

    /**
     * @return where a dispatcher finds the push servers and their credentials
     * @throws IllegalStateException if the simulator runs no push servers
     */
    public PushEndpoints pushEndpoints() {
        requirePush();
        return new PushEndpoints(LocalPorts.HOST, apnsPort, fcmPort, pushCredentials);
    }

    /**
     * Reads the push counters.
     *
     * @return the counters from {@code GET /push/stats}
     * @throws IllegalStateException if the simulator runs no push servers
     * @throws UncheckedIOException if the simulator does not answer 200 with valid JSON
     */
    public PushStats pushStats() {
        requirePush();
        return get("/push/stats", new TypeReference<PushStats>() { });
    }

    /**
     * Lists the pushes the APNs and FCM servers accepted, decoded.
     *
     * @param token a device token to filter by, or null for every push
     * @return the pushes from {@code GET /push/messages[?token=…]}, in arrival order
     * @throws IllegalStateException if the simulator runs no push servers
     * @throws UncheckedIOException if the simulator does not answer 200 with valid JSON
     */
    public List<ReceivedPush> pushes(String token) {
        requirePush();
        String path = token == null ? "/push/messages"
                : "/push/messages?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        return get(path, new TypeReference<List<ReceivedPush>>() { });
    }

    /**
     * Changes how the push servers answer ({@code POST /push/faults}).
     *
     * @param faults the JSON object the simulator takes: {@code unregistered} (tokens answered 410
     *     {@code Unregistered} / 404 {@code UNREGISTERED} from now on, added to those already), {@code apns} and
     *     {@code fcm} ({@code ok}, {@code unavailable} for 503, {@code throttle} for 429), {@code retryAfterSeconds}
     * @throws IllegalStateException if the simulator runs no push servers
     * @throws UncheckedIOException if the simulator does not answer 2xx
     */
    public void pushFaults(String faults) {
        requirePush();
        expect2xx("POST /push/faults", HttpRequest.newBuilder(URI.create(httpUrl() + "/push/faults"))
                .timeout(HTTP_TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(faults)).build());
    }

    /**
     * Sets how long the simulator waits before each submit_sm_resp, for every session from its next submit_sm on
     * ({@code PUT /smpp/latency?ms=N}): a slow SMSC, at run time.
     *
     * @param latencyMs the latency in ms, 0 to 60000; 0 answers at once
     * @throws UncheckedIOException if the simulator does not answer 2xx (400 for a latency out of range)
     */
    public void smppLatency(long latencyMs) {
        expect2xx("PUT /smpp/latency", HttpRequest.newBuilder(URI.create(httpUrl() + "/smpp/latency?ms=" + latencyMs))
                .timeout(HTTP_TIMEOUT).PUT(HttpRequest.BodyPublishers.noBody()).build());
    }

    private void requirePush() {
        if (!pushEnabled()) {
            throw new IllegalStateException("the SMSC simulator was started without its push servers (Options.push())");
        }
    }

    /** @return the HTTP API's base URL, {@code http://127.0.0.1:PORT} */
    public String httpUrl() {
        return LocalPorts.httpUrl(httpPort);
    }

    /** @return the {@code system_id} the simulator accepts in a bind */
    public String systemId() {
        return systemId;
    }

    /** @return the password the simulator accepts in a bind */
    public String password() {
        return password;
    }

    /**
     * Reads the counters.
     *
     * @return the counters from {@code GET /stats}
     * @throws UncheckedIOException if the simulator does not answer 200 with valid JSON
     */
    public SmscStats stats() {
        return get("/stats", new TypeReference<SmscStats>() { });
    }

    /**
     * Lists received messages in arrival order.
     *
     * @param recipient an E.164 number to filter by, or null for all messages
     * @return the messages from {@code GET /messages[?recipient=…]}
     * @throws UncheckedIOException if the simulator does not answer 200 with valid JSON
     */
    public List<SmscMessage> messages(String recipient) {
        String path = recipient == null ? "/messages"
                : "/messages?recipient=" + URLEncoder.encode(recipient, StandardCharsets.UTF_8);
        return get(path, new TypeReference<List<SmscMessage>>() { });
    }

    /**
     * Reads the e-mail counters.
     *
     * @return the counters from {@code GET /mail/stats}
     * @throws IllegalStateException if the simulator runs no SMTP server
     * @throws UncheckedIOException if the simulator does not answer 200 with valid JSON
     */
    public MailStats mailStats() {
        requireSmtp();
        return get("/mail/stats", new TypeReference<MailStats>() { });
    }

    /**
     * Lists received e-mails, decoded.
     *
     * @param to a recipient address to filter by (the mailbox the e-mail was delivered to, case-insensitive), or
     *     null for every e-mail
     * @return the e-mails from {@code GET /mail/messages[?to=…]}, mailbox by mailbox, each in arrival order
     * @throws IllegalStateException if the simulator runs no SMTP server
     * @throws UncheckedIOException if the simulator does not answer 200 with valid JSON
     */
    public List<ReceivedMail> mails(String to) {
        requireSmtp();
        String path = to == null ? "/mail/messages"
                : "/mail/messages?to=" + URLEncoder.encode(to, StandardCharsets.UTF_8);
        return get(path, new TypeReference<List<ReceivedMail>>() { });
    }

    private void requireSmtp() {
        if (!smtpEnabled()) {
            throw new IllegalStateException("the SMSC simulator was started without SMTP (Options.smtpPort("
                    + Options.SMTP_OFF + "))");
        }
    }

    /**
     * Forgets every received message and e-mail and zeroes the counters ({@code POST /reset}).
     *
     * @throws UncheckedIOException if the simulator does not answer 2xx
     */
    public void reset() {
        expect2xx("POST /reset", HttpRequest.newBuilder(URI.create(httpUrl() + "/reset")).timeout(HTTP_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private void expect2xx(String what, HttpRequest request) {
        HttpResponse<String> response = send(request);
        if (response.statusCode() / 100 != 2) {
            throw new UncheckedIOException(new IOException(what + " answered " + response.statusCode()));
        }
    }

    private <T> T get(String path, TypeReference<T> type) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(httpUrl() + path)).timeout(HTTP_TIMEOUT)
                .header("Accept", "application/json").GET().build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            throw new UncheckedIOException(new IOException("GET " + path + " answered " + response.statusCode()));
        }
        try {
            return JSON.readValue(response.body(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " answered invalid JSON", e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("SMSC simulator at " + httpUrl() + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted", e));
        }
    }

    /**
     * Options of {@link SmscSimulatorProcess#start(HeraldHome, Options)}. Unset behaviour options are not passed,
     * so the simulator's own defaults apply.
     *
     * <table>
     *   <caption>Options</caption>
     *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
     *   <tr><td>workDir</td><td>(required)</td><td>work folder: working directory, logs/, run/</td></tr>
     *   <tr><td>smppPort</td><td>12775</td><td>SMPP port; 0 picks a free one</td></tr>
     *   <tr><td>httpPort</td><td>12776</td><td>HTTP API port; 0 picks a free one</td></tr>
     *   <tr><td>smtpPort</td><td>0 (on, a free port)</td><td>SMTP server port; 0 picks a free one,
     *       {@link #SMTP_OFF} runs none. {@link #DEFAULT_SMTP_PORT} is there for a caller that wants the fixed
     *       one: it is not the default, so that several simulators (the tests') never race for one port.</td></tr>
     *   <tr><td>push</td><td>off</td><td>run the APNs (Pushy's MockApnsServer) and FCM servers on free ports
     *       ({@link #pushPorts} for fixed ones), with credentials generated into {@code <workDir>/push-credentials}
     *       </td></tr>
     *   <tr><td>systemId / password</td><td>herald / herald</td><td>the credentials a bind must carry</td></tr>
     *   <tr><td>latencyMs</td><td>unset</td><td>delay before each {@code submit_sm_resp}, in ms</td></tr>
     *   <tr><td>errorRate</td><td>unset</td><td>fraction 0–1 of {@code submit_sm} answered with an error</td></tr>
     *   <tr><td>maxTps</td><td>unset</td><td>{@code submit_sm} per second above which it answers throttled</td></tr>
     *   <tr><td>dlrDelayMs</td><td>unset</td><td>delay before a delivery receipt, in ms</td></tr>
     *   <tr><td>extraArgs</td><td>none</td><td>more command-line arguments</td></tr>
     *   <tr><td>maxHeap</td><td>256m</td><td>-Xmx</td></tr>
     *   <tr><td>jvmOptions</td><td>none</td><td>extra JVM options</td></tr>
     *   <tr><td>startupTimeout / stopTimeout</td><td>60 s / 15 s</td><td>see {@link ChildProcess}</td></tr>
     *   <tr><td>name</td><td>smsc-simulator</td><td>name of the log and pid files</td></tr>
     * </table>
     */
    public static final class Options extends ProcessOptions<Options> {
        /** Default SMPP port. */
        public static final int DEFAULT_SMPP_PORT = 12775;
        /** Default HTTP API port. */
        public static final int DEFAULT_HTTP_PORT = 12776;
        /** The SMTP port a caller with fixed ports (the demo) should pass; unset, the SMTP server takes a free one. */
        public static final int DEFAULT_SMTP_PORT = 12777;
        /** {@link #smtpPort(int)} value for no SMTP server. */
        public static final int SMTP_OFF = -1;
        /** The port of a push server that does not run. */
        public static final int PUSH_OFF = -1;
        /** The FCM port a caller with fixed ports (the demo) should pass. */
        public static final int DEFAULT_FCM_PORT = 12778;
        /** The APNs port a caller with fixed ports (the demo) should pass. */
        public static final int DEFAULT_APNS_PORT = 12779;
        /** The folder, in the work folder, the simulator writes the push credentials to. */
        public static final String PUSH_CREDENTIALS_FOLDER = "push-credentials";

        private int smppPort = DEFAULT_SMPP_PORT;
        private int httpPort = DEFAULT_HTTP_PORT;
        private int smtpPort = 0;
        private boolean push;
        private int fcmPort;
        private int apnsPort;
        private String systemId = "herald";
        private String password = "herald";
        private Long latencyMs;
        private Double errorRate;
        private Integer maxTps;
        private Long dlrDelayMs;
        private final List<String> extraArgs = new ArrayList<>();

        private Options(Path workDir) {
            super(workDir, "smsc-simulator", "256m", Duration.ofSeconds(60), Duration.ofSeconds(15));
        }

        /** @param workDir the work folder @return options with defaults and that folder */
        public static Options in(Path workDir) {
            return new Options(workDir);
        }

        @Override
        protected Options self() {
            return this;
        }

        /** @param port SMPP port, 0 for a free one @return this */
        public Options smppPort(int port) {
            this.smppPort = port;
            return this;
        }

        /** @param port HTTP port, 0 for a free one @return this */
        public Options httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        /**
         * @param port SMTP port, 0 for a free one, {@link #SMTP_OFF} for no SMTP server
         * @return this
         * @throws IllegalArgumentException if the port is not within -1–65535
         */
        public Options smtpPort(int port) {
            if (port < SMTP_OFF || port > 65535) {
                throw new IllegalArgumentException("smtpPort must be -1 (off), 0 (free) or 1-65535, was " + port);
            }
            this.smtpPort = port;
            return this;
        }

        /** Runs the APNs and FCM servers, on free ports unless {@link #pushPorts} fixes them. @return this */
        public Options push() {
            this.push = true;
            return this;
        }

        /**
         * Runs the APNs and FCM servers on these ports.
         *
         * @param fcm the FCM server's port, 0 for a free one
         * @param apns the APNs server's port, 0 for a free one
         * @return this
         */
        public Options pushPorts(int fcm, int apns) {
            this.push = true;
            this.fcmPort = fcm;
            this.apnsPort = apns;
            return this;
        }

        Path pushCredentialsDir() {
            return workDir().toAbsolutePath().resolve(PUSH_CREDENTIALS_FOLDER);
        }

        /** @param systemId bind system_id @param password bind password @return this */
        public Options credentials(String systemId, String password) {
            this.systemId = systemId;
            this.password = password;
            return this;
        }

        /** @param latencyMs delay before each submit_sm_resp, in ms @return this */
        public Options latencyMs(long latencyMs) {
            this.latencyMs = latencyMs;
            return this;
        }

        /** @param errorRate fraction 0–1 of submit_sm answered with an error @return this */
        public Options errorRate(double errorRate) {
            this.errorRate = errorRate;
            return this;
        }

        /** @param maxTps submit_sm per second before throttling @return this */
        public Options maxTps(int maxTps) {
            this.maxTps = maxTps;
            return this;
        }

        /** @param dlrDelayMs delay before a delivery receipt, in ms @return this */
        public Options dlrDelayMs(long dlrDelayMs) {
            this.dlrDelayMs = dlrDelayMs;
            return this;
        }

        /** @param args more command-line arguments @return this */
        public Options extraArgs(String... args) {
            extraArgs.addAll(List.of(args));
            return this;
        }
    }
}
