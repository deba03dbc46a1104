package io.herald.dispatcher.send.mail;

import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;

import io.herald.dispatcher.config.DispatcherConfig;
import io.herald.dispatcher.config.KeyTable;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The keys of the SMTP gateway ({@code smtp.*}): a fragment of {@link DispatcherConfig}'s {@link ConfigDef}, Kafka
 * {@code ConsumerConfig} style (a {@code *_CONFIG} key, its {@code *_DOC}, a {@code DEFAULT_*} and a validator). Their
 * table in {@code docs/configuration.md} is generated from {@link #define} and {@link #table} by
 * {@link io.herald.dispatcher.config.ConfigurationDocGenerator}.
 */
public final class SmtpConfig {

    public static final String SMTP_HOST_CONFIG = "smtp.host";
    static final String SMTP_HOST_DOC = "Mail server (an MTA or a provider's relay) e-mail is submitted to.";
    public static final String DEFAULT_SMTP_HOST = "127.0.0.1";

    public static final String SMTP_PORT_CONFIG = "smtp.port";
    static final String SMTP_PORT_DOC = "587 for submission with STARTTLS (RFC 6409), 465 with `smtp.tls=implicit` "
            + "(RFC 8314), 25 for relaying.";
    public static final int DEFAULT_SMTP_PORT = 587;

    public static final String SMTP_TLS_NONE = "none";
    public static final String SMTP_TLS_STARTTLS = "starttls";
    public static final String SMTP_TLS_STARTTLS_REQUIRED = "starttls-required";
    public static final String SMTP_TLS_IMPLICIT = "implicit";
    public static final String SMTP_TLS_CONFIG = "smtp.tls";
    static final String SMTP_TLS_DOC = "Transport security: STARTTLS (RFC 3207) required or opportunistic, TLS from "
            + "the first byte, or plain text; the certificate is checked against the JDK trust store and `smtp.host`.";
    public static final String DEFAULT_SMTP_TLS = SMTP_TLS_STARTTLS_REQUIRED;

    public static final String SMTP_SSL_TRUST_CONFIG = "smtp.ssl.trust";
    static final String SMTP_SSL_TRUST_DOC = "Hosts whose certificate is trusted unchecked (Jakarta Mail "
            + "`mail.smtp.ssl.trust`); test servers only.";

    public static final String SMTP_USERNAME_CONFIG = "smtp.username";
    static final String SMTP_USERNAME_DOC = "User for SMTP AUTH (RFC 4954).";

    public static final String SMTP_PASSWORD_CONFIG = "smtp.password";
    static final String SMTP_PASSWORD_DOC = "Password for SMTP AUTH; never logged.";

    public static final String SMTP_CONNECTIONS_CONFIG = "smtp.connections";
    static final String SMTP_CONNECTIONS_DOC = "Most connections kept open at once, each carrying one message at a "
            + "time; sender threads beyond it wait.";
    public static final int DEFAULT_SMTP_CONNECTIONS = 4;

    public static final String SMTP_CONNECT_TIMEOUT_MS_CONFIG = "smtp.connect.timeout.ms";
    static final String SMTP_CONNECT_TIMEOUT_MS_DOC = "Wait for the connection and the greeting; a timeout or "
            + "refusal means the gateway is unavailable.";
    public static final int DEFAULT_SMTP_CONNECT_TIMEOUT_MS = 10_000;

    public static final String SMTP_TIMEOUT_MS_CONFIG = "smtp.timeout.ms";
    static final String SMTP_TIMEOUT_MS_DOC = "Wait for each server reply and each write; a timeout drops the "
            + "connection and means the gateway is unavailable.";
    public static final int DEFAULT_SMTP_TIMEOUT_MS = 30_000;

    public static final String SMTP_ENVELOPE_FROM_CONFIG = "smtp.envelope.from";
    static final String SMTP_ENVELOPE_FROM_DOC = "Envelope sender (`MAIL FROM`, RFC 5321 §4.1.1.2), where bounces go.";

    public static final String SMTP_HELO_NAME_CONFIG = "smtp.helo.name";
    static final String SMTP_HELO_NAME_DOC = "Host name given in `EHLO`.";

    private SmtpConfig() {
    }

    /**
     * Defines these keys.
     *
     * @param def the definition to add them to
     * @return {@code def}
     */
    public static ConfigDef define(ConfigDef def) {
        return def
                .define(SMTP_HOST_CONFIG, Type.STRING, DEFAULT_SMTP_HOST, new ConfigDef.NonEmptyString(),
                        Importance.HIGH, SMTP_HOST_DOC)
                .define(SMTP_PORT_CONFIG, Type.INT, DEFAULT_SMTP_PORT, ConfigDef.Range.between(1, 65535),
                        Importance.HIGH, SMTP_PORT_DOC)
                .define(SMTP_TLS_CONFIG, Type.STRING, DEFAULT_SMTP_TLS,
                        ConfigDef.ValidString.in(SMTP_TLS_NONE, SMTP_TLS_STARTTLS, SMTP_TLS_STARTTLS_REQUIRED,
                                SMTP_TLS_IMPLICIT), Importance.HIGH, SMTP_TLS_DOC)
                .define(SMTP_SSL_TRUST_CONFIG, Type.STRING, "", Importance.LOW, SMTP_SSL_TRUST_DOC)
                .define(SMTP_USERNAME_CONFIG, Type.STRING, "", Importance.HIGH, SMTP_USERNAME_DOC)
                .define(SMTP_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.HIGH, SMTP_PASSWORD_DOC)
                .define(SMTP_CONNECTIONS_CONFIG, Type.INT, DEFAULT_SMTP_CONNECTIONS, atLeast(1), Importance.MEDIUM,
                        SMTP_CONNECTIONS_DOC)
                .define(SMTP_CONNECT_TIMEOUT_MS_CONFIG, Type.INT, DEFAULT_SMTP_CONNECT_TIMEOUT_MS, atLeast(1),
                        Importance.MEDIUM, SMTP_CONNECT_TIMEOUT_MS_DOC)
                .define(SMTP_TIMEOUT_MS_CONFIG, Type.INT, DEFAULT_SMTP_TIMEOUT_MS, atLeast(1), Importance.MEDIUM,
                        SMTP_TIMEOUT_MS_DOC)
                .define(SMTP_ENVELOPE_FROM_CONFIG, Type.STRING, "", Importance.LOW, SMTP_ENVELOPE_FROM_DOC)
                .define(SMTP_HELO_NAME_CONFIG, Type.STRING, "", Importance.LOW, SMTP_HELO_NAME_DOC);
    }

    /** @return how {@code docs/configuration.md} shows these keys: type and unit, and what a default stands for */
    public static KeyTable table() {
        return new KeyTable("smtp")
                .key(SMTP_HOST_CONFIG, "string, host or IP address")
                .key(SMTP_PORT_CONFIG, "int, TCP port")
                .key(SMTP_TLS_CONFIG, "string: `starttls-required`, `starttls`, `implicit` or `none`")
                .key(SMTP_SSL_TRUST_CONFIG, "string, host names space-separated, or `*`", ": check every certificate")
                .key(SMTP_USERNAME_CONFIG, "string", ": no authentication")
                .key(SMTP_PASSWORD_CONFIG, "password")
                .key(SMTP_CONNECTIONS_CONFIG, "int, connections")
                .key(SMTP_CONNECT_TIMEOUT_MS_CONFIG, "int, ms")
                .key(SMTP_TIMEOUT_MS_CONFIG, "int, ms")
                .key(SMTP_ENVELOPE_FROM_CONFIG, "string, e-mail address", ": the message's `From`")
                .key(SMTP_HELO_NAME_CONFIG, "string, host name", ": the local host name");
    }
}
