package io.herald.smsc;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The settings of one {@link SmscSimulator}, an immutable value built with {@link #builder()}.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>host</td><td>127.0.0.1</td><td>Address every listener binds to.</td></tr>
 *   <tr><td>smppPort</td><td>2775</td><td>TCP port of the SMPP 3.4 listener; 0 picks a free port, reported by
 *       {@link SmscSimulator#smppPort()} after start.</td></tr>
 *   <tr><td>httpPort</td><td>2776</td><td>TCP port of the HTTP control/stats API; 0 picks a free port.</td></tr>
 *   <tr><td>smtpPort</td><td>off</td><td>TCP port of an SMTP server (GreenMail) that accepts and records every
 *       e-mail, for the e-mail channel; 0 picks a free port, reported by {@link SmscSimulator#smtpPort()}; unset
 *       (null), no SMTP server.</td></tr>
 *   <tr><td>fcmPort</td><td>off</td><td>TCP port of an FCM HTTP v1 server (plain HTTP: the OAuth 2.0 token endpoint
 *       {@code POST /token} and {@code POST /v1/projects/herald-demo/messages:send}) that records every message it
 *       accepts; 0 picks a free port, reported by {@link SmscSimulator#fcmPort()}; unset (null), no FCM server. Needs
 *       pushCredentialsDir.</td></tr>
 *   <tr><td>apnsPort</td><td>off</td><td>TCP port of an APNs server (Pushy's MockApnsServer, HTTP/2 over TLS,
 *       token-based authentication) that records every notification it accepts; 0 picks a free port, reported by
 *       {@link SmscSimulator#apnsPort()}; unset (null), no APNs server. Needs pushCredentialsDir.</td></tr>
 *   <tr><td>pushCredentialsDir</td><td>unset</td><td>Directory where the push servers generate their credentials
 *       on first start and re-use them later (FCM service-account key, APNs signing key, APNs server certificate:
 *       see {@link io.herald.smsc.push.PushCredentials}); created if missing. Required when fcmPort or apnsPort is
 *       set.</td></tr>
 *   <tr><td>systemId</td><td>herald</td><td>The only system_id a bind is accepted with (SMPP 3.4 §4.1.1), at most
 *       15 characters; any other gets ESME_RINVSYSID.</td></tr>
 *   <tr><td>password</td><td>herald</td><td>The only password a bind is accepted with, at most 8 characters; any
 *       other gets ESME_RINVPASWD.</td></tr>
 *   <tr><td>latencyMs</td><td>0</td><td>Delay in ms before each submit_sm_resp is written. Applied without holding
 *       the session's reader, so a window of N outstanding submit_sm is answered after about one latency.</td></tr>
 *   <tr><td>errorRate</td><td>0.0</td><td>Fraction (0.0–1.0) of submit_sm answered with ESME_RSYSERR (0x08).</td></tr>
 *   <tr><td>throttleRate</td><td>0.0</td><td>Fraction (0.0–1.0) of submit_sm answered with ESME_RTHROTTLED (0x58),
 *       drawn at random whatever the rate, as an SMSC that sheds load does; see maxTps for a rate cap.</td></tr>
 *   <tr><td>maxTps</td><td>0</td><td>Cap in submit_sm per second over all sessions (token bucket holding one
 *       second's worth); a submit_sm above the cap gets ESME_RTHROTTLED (0x58). 0 = no cap.</td></tr>
 *   <tr><td>dlrDelayMs</td><td>0</td><td>Delay in ms between a submit_sm_resp and its delivery receipt
 *       (deliver_sm), when registered_delivery asks for one.</td></tr>
 *   <tr><td>receiptIdFormat</td><td>SAME</td><td>How a receipt writes the message id (text {@code id:} and
 *       receipted_message_id TLV): SAME as the submit_sm_resp (10 hex digits); DECIMAL, that number in decimal (the
 *       hex/decimal mismatch some SMSCs have); MIXED, alternately one and the other.</td></tr>
 *   <tr><td>receiptUndeliveredRate</td><td>0.0</td><td>Fraction (0.0–1.0) of receipts that report
 *       {@code stat:UNDELIV err:001} (message_state 5) instead of {@code stat:DELIVRD}.</td></tr>
 *   <tr><td>seed</td><td>random</td><td>Seed of the random source that picks the error-rate and throttle-rate
 *       answers, for
 *       repeatable runs.</td></tr>
 *   <tr><td>maxRecorded</td><td>1000000</td><td>Most complete messages kept in memory (oldest dropped first); also
 *       the number of distinct message identities remembered for duplicate detection. Counters are not
 *       bounded.</td></tr>
 * </table>
 */
public final class SmscSimulatorConfig {

    /** Longest system_id: SMPP 3.4 §4.1.1 allows 16 octets including the terminating NUL. */
    public static final int MAX_SYSTEM_ID_LENGTH = 15;
    /** Longest password: SMPP 3.4 §4.1.1 allows 9 octets including the terminating NUL. */
    public static final int MAX_PASSWORD_LENGTH = 8;

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_SMPP_PORT = 2775;
    public static final int DEFAULT_HTTP_PORT = 2776;
    public static final String DEFAULT_SYSTEM_ID = "herald";
    public static final String DEFAULT_PASSWORD = "herald";
    public static final long DEFAULT_LATENCY_MS = 0;
    public static final double DEFAULT_ERROR_RATE = 0.0;
    /** Default fraction of submit_sm answered ESME_RTHROTTLED at random. */
    public static final double DEFAULT_THROTTLE_RATE = 0.0;
    public static final int DEFAULT_MAX_TPS = 0;
    public static final long DEFAULT_DLR_DELAY_MS = 0;
    public static final int DEFAULT_MAX_RECORDED = 1_000_000;
    public static final double DEFAULT_RECEIPT_UNDELIVERED_RATE = 0.0;

    /** How a delivery receipt writes the message id of its submit_sm_resp. */
    public enum ReceiptIdFormat {
        /** As in the submit_sm_resp: 10 lowercase hex digits. */
        SAME,
        /** The same number in decimal. */
        DECIMAL,
        /** Alternately SAME and DECIMAL. */
        MIXED
    }

    private final String host;
    private final int smppPort;
    private final int httpPort;
    private final Integer smtpPort;
    private final Integer fcmPort;
    private final Integer apnsPort;
    private final Path pushCredentialsDir;
    private final String systemId;
    private final String password;
    private final long latencyMs;
    private final double errorRate;
    private final double throttleRate;
    private final int maxTps;
    private final long dlrDelayMs;
    private final ReceiptIdFormat receiptIdFormat;
    private final double receiptUndeliveredRate;
    private final Long seed;
    private final int maxRecorded;

    private SmscSimulatorConfig(Builder b) {
        this.host = b.host;
        this.smppPort = b.smppPort;
        this.httpPort = b.httpPort;
        this.smtpPort = b.smtpPort;
        this.fcmPort = b.fcmPort;
        this.apnsPort = b.apnsPort;
        this.pushCredentialsDir = b.pushCredentialsDir;
        this.systemId = b.systemId;
        this.password = b.password;
        this.latencyMs = b.latencyMs;
        this.errorRate = b.errorRate;
        this.throttleRate = b.throttleRate;
        this.maxTps = b.maxTps;
        this.dlrDelayMs = b.dlrDelayMs;
        this.receiptIdFormat = b.receiptIdFormat;
        this.receiptUndeliveredRate = b.receiptUndeliveredRate;
        this.seed = b.seed;
        this.maxRecorded = b.maxRecorded;
    }

    /** @return a builder holding every default */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the defaults, as {@code builder().build()} */
    public static SmscSimulatorConfig defaults() {
        return builder().build();
    }

    public String host() {
        return host;
    }

    /** @return the configured SMPP port, 0 meaning "pick a free one" */
    public int smppPort() {
        return smppPort;
    }

    /** @return the configured HTTP port, 0 meaning "pick a free one" */
    public int httpPort() {
        return httpPort;
    }

    /** @return the configured SMTP port, 0 meaning "pick a free one", or empty when there is no SMTP server */
    public OptionalInt smtpPort() {
        return smtpPort == null ? OptionalInt.empty() : OptionalInt.of(smtpPort);
    }

    /** @return the configured FCM port, 0 meaning "pick a free one", or empty when there is no FCM server */
    public OptionalInt fcmPort() {
        return fcmPort == null ? OptionalInt.empty() : OptionalInt.of(fcmPort);
    }

    /** @return the configured APNs port, 0 meaning "pick a free one", or empty when there is no APNs server */
    public OptionalInt apnsPort() {
        return apnsPort == null ? OptionalInt.empty() : OptionalInt.of(apnsPort);
    }

    /** @return whether an FCM or an APNs server is configured */
    public boolean pushEnabled() {
        return fcmPort != null || apnsPort != null;
    }

    /** @return the directory of the push credentials, or empty when none is configured */
    public Optional<Path> pushCredentialsDir() {
        return Optional.ofNullable(pushCredentialsDir);
    }

    public String systemId() {
        return systemId;
    }

    public String password() {
        return password;
    }

    /** @return delay in ms before each submit_sm_resp */
    public long latencyMs() {
        return latencyMs;
    }

    /** @return fraction 0.0–1.0 of submit_sm answered with ESME_RSYSERR */
    public double errorRate() {
        return errorRate;
    }

    /** @return fraction 0.0–1.0 of submit_sm answered with ESME_RTHROTTLED at random */
    public double throttleRate() {
        return throttleRate;
    }

    /** @return cap in submit_sm per second over all sessions, 0 = none */
    public int maxTps() {
        return maxTps;
    }

    /** @return how a receipt writes the message id */
    public ReceiptIdFormat receiptIdFormat() {
        return receiptIdFormat;
    }

    /** @return fraction of receipts that report UNDELIV */
    public double receiptUndeliveredRate() {
        return receiptUndeliveredRate;
    }

    /** @return delay in ms between a submit_sm_resp and its delivery receipt */
    public long dlrDelayMs() {
        return dlrDelayMs;
    }

    /** @return the seed of the error-rate random source, or empty for a random seed */
    public OptionalLong seed() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    /** @return most complete messages kept in memory */
    public int maxRecorded() {
        return maxRecorded;
    }

    @Override
    public String toString() {
        // The password stays out of logs.
        return "SmscSimulatorConfig{host=" + host + ", smppPort=" + smppPort + ", httpPort=" + httpPort
                + ", smtpPort=" + (smtpPort == null ? "off" : smtpPort)
                + ", fcmPort=" + (fcmPort == null ? "off" : fcmPort)
                + ", apnsPort=" + (apnsPort == null ? "off" : apnsPort)
                + ", pushCredentialsDir=" + pushCredentialsDir
                + ", systemId=" + systemId + ", latencyMs=" + latencyMs + ", errorRate=" + errorRate
                + ", throttleRate=" + throttleRate
                + ", maxTps=" + maxTps + ", dlrDelayMs=" + dlrDelayMs + ", receiptIdFormat=" + receiptIdFormat
                + ", receiptUndeliveredRate=" + receiptUndeliveredRate + ", seed=" + (seed == null ? "random" : seed)
                + ", maxRecorded=" + maxRecorded + "}";
    }

    /** Builds a {@link SmscSimulatorConfig}; every setter has the default of the table in the class Javadoc. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int smppPort = DEFAULT_SMPP_PORT;
        private int httpPort = DEFAULT_HTTP_PORT;
        private Integer smtpPort;
        private Integer fcmPort;
        private Integer apnsPort;
        private Path pushCredentialsDir;
        private String systemId = DEFAULT_SYSTEM_ID;
        private String password = DEFAULT_PASSWORD;
        private long latencyMs = DEFAULT_LATENCY_MS;
        private double errorRate = DEFAULT_ERROR_RATE;
        private double throttleRate = DEFAULT_THROTTLE_RATE;
        private int maxTps = DEFAULT_MAX_TPS;
        private long dlrDelayMs = DEFAULT_DLR_DELAY_MS;
        private ReceiptIdFormat receiptIdFormat = ReceiptIdFormat.SAME;
        private double receiptUndeliveredRate = DEFAULT_RECEIPT_UNDELIVERED_RATE;
        private Long seed;
        private int maxRecorded = DEFAULT_MAX_RECORDED;

        private Builder() {
        }

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        public Builder smppPort(int smppPort) {
            this.smppPort = smppPort;
            return this;
        }

        public Builder httpPort(int httpPort) {
            this.httpPort = httpPort;
            return this;
        }

        /** @param smtpPort the SMTP port, 0 for a free one, or null for no SMTP server (the default) */
        public Builder smtpPort(Integer smtpPort) {
            this.smtpPort = smtpPort;
            return this;
        }

        /** @param fcmPort the FCM server's port, 0 for a free one, or null for no FCM server (the default) */
        public Builder fcmPort(Integer fcmPort) {
            this.fcmPort = fcmPort;
            return this;
        }

        /** @param apnsPort the APNs server's port, 0 for a free one, or null for no APNs server (the default) */
        public Builder apnsPort(Integer apnsPort) {
            this.apnsPort = apnsPort;
            return this;
        }

        /** @param pushCredentialsDir the push credentials' directory, or null for none (the default) */
        public Builder pushCredentialsDir(Path pushCredentialsDir) {
            this.pushCredentialsDir = pushCredentialsDir;
            return this;
        }

        public Builder systemId(String systemId) {
            this.systemId = Objects.requireNonNull(systemId, "systemId");
            return this;
        }

        public Builder password(String password) {
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        public Builder latencyMs(long latencyMs) {
            this.latencyMs = latencyMs;
            return this;
        }

        public Builder errorRate(double errorRate) {
            this.errorRate = errorRate;
            return this;
        }

        public Builder throttleRate(double throttleRate) {
            this.throttleRate = throttleRate;
            return this;
        }

        public Builder maxTps(int maxTps) {
            this.maxTps = maxTps;
            return this;
        }

        public Builder dlrDelayMs(long dlrDelayMs) {
            this.dlrDelayMs = dlrDelayMs;
            return this;
        }

        public Builder receiptIdFormat(ReceiptIdFormat receiptIdFormat) {
            this.receiptIdFormat = Objects.requireNonNull(receiptIdFormat, "receiptIdFormat");
            return this;
        }

        public Builder receiptUndeliveredRate(double receiptUndeliveredRate) {
            this.receiptUndeliveredRate = receiptUndeliveredRate;
            return this;
        }

        /** @param seed the error-rate seed, or null for a random one */
        public Builder seed(Long seed) {
            this.seed = seed;
            return this;
        }

        public Builder maxRecorded(int maxRecorded) {
            this.maxRecorded = maxRecorded;
            return this;
        }

        /**
         * @return the config
         * @throws IllegalArgumentException when a value is out of range (a port outside 0–65535, a negative delay or
         *         cap, an error rate outside 0.0–1.0, maxRecorded below 1, a blank or too long system_id/password,
         *         an FCM or APNs port without a push credentials directory)
         */
        public SmscSimulatorConfig build() {
            requirePort("smppPort", smppPort);
            requirePort("httpPort", httpPort);
            if (smtpPort != null) {
                requirePort("smtpPort", smtpPort);
            }
            if (fcmPort != null) {
                requirePort("fcmPort", fcmPort);
            }
            if (apnsPort != null) {
                requirePort("apnsPort", apnsPort);
            }
            require(pushCredentialsDir != null || (fcmPort == null && apnsPort == null),
                    "a push server (--fcm-port, --apns-port) needs a directory for its credentials: give "
                            + "--push-credentials-dir DIR (pushCredentialsDir)");
            require(!host.isBlank(), "host must not be blank");
            require(!systemId.isBlank() && systemId.length() <= MAX_SYSTEM_ID_LENGTH,
                    "systemId must be 1-" + MAX_SYSTEM_ID_LENGTH + " characters");
            require(password.length() <= MAX_PASSWORD_LENGTH,
                    "password must be at most " + MAX_PASSWORD_LENGTH + " characters");
            require(latencyMs >= 0, "latencyMs must be >= 0, was " + latencyMs);
            require(dlrDelayMs >= 0, "dlrDelayMs must be >= 0, was " + dlrDelayMs);
            require(errorRate >= 0.0 && errorRate <= 1.0, "errorRate must be within 0.0-1.0, was " + errorRate);
            require(throttleRate >= 0.0 && throttleRate <= 1.0,
                    "throttleRate must be within 0.0-1.0, was " + throttleRate);
            require(maxTps >= 0, "maxTps must be >= 0, was " + maxTps);
            require(receiptUndeliveredRate >= 0.0 && receiptUndeliveredRate <= 1.0,
                    "receiptUndeliveredRate must be within 0.0-1.0, was " + receiptUndeliveredRate);
            require(maxRecorded >= 1, "maxRecorded must be >= 1, was " + maxRecorded);
            return new SmscSimulatorConfig(this);
        }

        private static void requirePort(String name, int port) {
            require(port >= 0 && port <= 65535, name + " must be within 0-65535, was " + port);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
