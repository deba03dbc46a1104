package io.herald.smsc.mail;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.herald.smsc.PortInUseException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The simulator's SMTP server: GreenMail (a real SMTP server in Java) on one address and port, keeping every e-mail
 * it receives in memory, one copy per recipient mailbox, until {@link #reset()}.
 *
 * <p>Any sender and recipient are accepted, without AUTH, and so is {@code AUTH PLAIN}/{@code LOGIN} with any user
 * and password (GreenMail's authentication is disabled: an unknown user is created on login). No TLS (no
 * {@code STARTTLS}). A connection idle for 5 minutes is closed (RFC 5321 §4.5.3.2.7). Nothing is bounded: every
 * e-mail stays in memory until a reset.
 */
public final class MailSink implements Closeable {

    private static final long STARTUP_TIMEOUT_MS = 10_000;
    private static final int IDLE_TIMEOUT_MS = 300_000;

    private final String host;
    private final int configuredPort;
    private GreenMail greenMail;

    /**
     * @param host address to bind
     * @param port port to bind, 0 for a free one
     */
    public MailSink(String host, int port) {
        this.host = host;
        this.configuredPort = port;
    }

    /**
     * Binds and starts the SMTP listener; returns once it accepts connections.
     *
     * @throws PortInUseException when the port is taken
     * @throws IOException        when it cannot start for another reason
     */
    public void start() throws IOException {
        if (configuredPort != 0) {
            // Checked first so that a taken port is a PortInUseException (exit code 2), as for the other listeners,
            // rather than GreenMail's generic start failure.
            requireFree();
        }
        ServerSetup setup = new ServerSetup(configuredPort, host, ServerSetup.PROTOCOL_SMTP);
        // GreenMail waits 2 s by default for its listener thread, little on a busy 2-core machine.
        setup.setServerStartupTimeout(STARTUP_TIMEOUT_MS);
        greenMail = new GreenMail(setup)
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        try {
            greenMail.start();
            // GreenMail drops a connection idle for 30 s; RFC 5321 §4.5.3.2.7 has a server wait 5 minutes, so a client
            // that keeps its connection open between sends sees what it would see with a real MTA.
            greenMail.getSmtp().setClientSocketTimeout(IDLE_TIMEOUT_MS);
        } catch (RuntimeException e) {
            try {
                greenMail.stop();
            } catch (RuntimeException ignored) {
                // what did start is stopped as far as it goes
            }
            greenMail = null;
            throw new IOException("SMTP server on " + host + ":" + configuredPort + " did not start: "
                    + e.getMessage(), e);
        }
    }

    private void requireFree() throws IOException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, configuredPort));
        } catch (BindException e) {
            throw new PortInUseException(host, configuredPort, e);
        }
    }

    /** @return the bound port, the configured one or the free one picked for port 0 */
    public int port() {
        return requireStarted().getSmtp().getPort();
    }

    /** @return the counters of e-mails received since start or the last reset */
    public MailStats stats() {
        MimeMessage[] received = requireStarted().getReceivedMessages();
        Set<String> distinct = new HashSet<>();
        long withId = 0;
        for (MimeMessage message : received) {
            String id = heraldMessageId(message);
            if (id != null) {
                withId++;
                distinct.add(id);
            }
        }
        return new MailStats(received.length, distinct.size(), withId - distinct.size());
    }

    /**
     * @param to a recipient address to filter by (the mailbox the e-mail was delivered to, case-insensitive), or
     *           null for all
     * @return the e-mails received, decoded, mailbox by mailbox, each in arrival order
     * @throws UncheckedIOException when a message cannot be read
     */
    public List<ReceivedMail> messages(String to) {
        GreenMail mail = requireStarted();
        MimeMessage[] received = to == null ? mail.getReceivedMessages()
                : mail.findReceivedMessages(user -> to.equalsIgnoreCase(user.getEmail())
                        || to.equalsIgnoreCase(user.getLogin()), m -> true).toArray(MimeMessage[]::new);
        List<ReceivedMail> mails = new ArrayList<>(received.length);
        for (MimeMessage message : received) {
            try {
                mails.add(MimeContent.read(message));
            } catch (MessagingException | IOException e) {
                throw new UncheckedIOException(new IOException("cannot read a received e-mail: " + e.getMessage(), e));
            }
        }
        return mails;
    }

    /** Deletes every e-mail from every mailbox. */
    public void reset() {
        try {
            requireStarted().purgeEmailFromAllMailboxes();
        } catch (FolderException e) {
            throw new IllegalStateException("cannot purge the mailboxes", e);
        }
    }

    /** Stops the listener. Idempotent. */
    @Override
    public void close() {
        if (greenMail != null) {
            greenMail.stop();
            greenMail = null;
        }
    }

    private GreenMail requireStarted() {
        GreenMail mail = greenMail;
        if (mail == null) {
            throw new IllegalStateException("the SMTP server is not running");
        }
        return mail;
    }

    private static String heraldMessageId(MimeMessage message) {
        try {
            return MimeContent.heraldMessageId(message);
        } catch (MessagingException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "MailSink{" + host + ":" + configuredPort + "}";
    }
}
