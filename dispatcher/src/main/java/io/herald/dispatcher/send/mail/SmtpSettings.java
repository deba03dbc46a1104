package io.herald.dispatcher.send.mail;

import io.herald.dispatcher.config.DispatcherConfig;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;

/**
 * What the SMTP gateway needs from {@link DispatcherConfig}, and the Jakarta Mail session properties made from it.
 *
 * @param host the mail server's host name or address ({@code smtp.host})
 * @param port its TCP port ({@code smtp.port})
 * @param tls the transport security ({@code smtp.tls})
 * @param sslTrust hosts whose certificate is trusted unchecked, space-separated or {@code *}; empty for none
 *     ({@code smtp.ssl.trust})
 * @param username the SMTP AUTH user; empty for no authentication ({@code smtp.username})
 * @param password the SMTP AUTH password ({@code smtp.password})
 * @param connections the most connections open at once, at least 1 ({@code smtp.connections})
 * @param connectTimeoutMs connect (and greeting) timeout in ms, at least 1 ({@code smtp.connect.timeout.ms})
 * @param timeoutMs timeout in ms of each reply and each write, at least 1 ({@code smtp.timeout.ms})
 * @param envelopeFrom the MAIL FROM address; empty for the From header's address ({@code smtp.envelope.from})
 * @param heloName the EHLO host name; empty for the local host name ({@code smtp.helo.name})
 */
public record SmtpSettings(String host, int port, Tls tls, String sslTrust, String username, String password,
                           int connections, int connectTimeoutMs, int timeoutMs, String envelopeFrom,
                           String heloName) {

    /** Transport security of the SMTP connection. */
    public enum Tls {
        /** Plain text: a local relay or a test server only. */
        NONE,
        /** STARTTLS (RFC 3207) when the server offers it, else plain text. */
        STARTTLS,
        /** STARTTLS, and no mail to a server that does not offer it. */
        STARTTLS_REQUIRED,
        /** TLS from the first byte (SMTPS, RFC 8314 §3.3). */
        IMPLICIT
    }

    public SmtpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tls, "tls");
        sslTrust = sslTrust == null ? "" : sslTrust;
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        envelopeFrom = envelopeFrom == null ? "" : envelopeFrom;
        heloName = heloName == null ? "" : heloName;
        if (port < 1 || port > 65535 || connections < 1 || connectTimeoutMs < 1 || timeoutMs < 1) {
            throw new IllegalArgumentException("port 1-65535, connections and timeouts at least 1");
        }
    }

    /**
     * @param config the dispatcher configuration
     * @return its smtp.* settings
     */
    public static SmtpSettings from(DispatcherConfig config) {
        return new SmtpSettings(
                config.getString(SmtpConfig.SMTP_HOST_CONFIG),
                config.getInt(SmtpConfig.SMTP_PORT_CONFIG),
                Tls.valueOf(config.getString(SmtpConfig.SMTP_TLS_CONFIG).toUpperCase(Locale.ROOT)
                        .replace('-', '_')),
                config.getString(SmtpConfig.SMTP_SSL_TRUST_CONFIG),
                config.getString(SmtpConfig.SMTP_USERNAME_CONFIG),
                config.getPassword(SmtpConfig.SMTP_PASSWORD_CONFIG).value(),
                config.getInt(SmtpConfig.SMTP_CONNECTIONS_CONFIG),
                config.getInt(SmtpConfig.SMTP_CONNECT_TIMEOUT_MS_CONFIG),
                config.getInt(SmtpConfig.SMTP_TIMEOUT_MS_CONFIG),
                config.getString(SmtpConfig.SMTP_ENVELOPE_FROM_CONFIG).trim(),
                config.getString(SmtpConfig.SMTP_HELO_NAME_CONFIG).trim());
    }

    /** @return the protocol name of Jakarta Mail's transport: {@code smtps} for implicit TLS, else {@code smtp} */
    public String protocol() {
        return tls == Tls.IMPLICIT ? "smtps" : "smtp";
    }

    /** @return whether SMTP AUTH is used */
    public boolean authenticates() {
        return !username.isEmpty();
    }

    /**
     * The Jakarta Mail session properties ({@code mail.smtp.*} or {@code mail.smtps.*}, per Angus Mail's SMTP provider
     * documentation): timeouts, TLS and certificate checks, AUTH, EHLO name and envelope sender. The server's name is
     * always checked against its certificate.
     *
     * @return new properties
     */
    public Properties sessionProperties() {
        String p = "mail." + protocol() + ".";
        Properties props = new Properties();
        props.setProperty(p + "host", host);
        props.setProperty(p + "port", Integer.toString(port));
        props.setProperty(p + "connectiontimeout", Integer.toString(connectTimeoutMs));
        props.setProperty(p + "timeout", Integer.toString(timeoutMs));
        props.setProperty(p + "writetimeout", Integer.toString(timeoutMs));
        props.setProperty(p + "auth", Boolean.toString(authenticates()));
        props.setProperty(p + "starttls.enable", Boolean.toString(tls == Tls.STARTTLS || tls == Tls.STARTTLS_REQUIRED));
        props.setProperty(p + "starttls.required", Boolean.toString(tls == Tls.STARTTLS_REQUIRED));
        props.setProperty(p + "ssl.checkserveridentity", "true");
        if (!sslTrust.isBlank()) {
            props.setProperty(p + "ssl.trust", sslTrust.trim());
        }
        if (!heloName.isEmpty()) {
            props.setProperty(p + "localhost", heloName);
        }
        if (!envelopeFrom.isEmpty()) {
            props.setProperty(p + "from", envelopeFrom);
        }
        // One message per transaction; report a rejected recipient as an exception, not a partial success.
        props.setProperty(p + "sendpartial", "false");
        return props;
    }

    /** Leaves the password out. */
    @Override
    public String toString() {
        return "SmtpSettings[" + host + ":" + port + ", tls=" + tls + ", auth=" + (authenticates() ? "yes" : "no")
                + ", connections=" + connections + ", connectTimeoutMs=" + connectTimeoutMs + ", timeoutMs="
                + timeoutMs + "]";
    }
}
