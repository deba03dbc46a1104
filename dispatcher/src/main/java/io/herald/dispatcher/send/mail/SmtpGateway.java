package io.herald.dispatcher.send.mail;

import io.herald.dispatcher.send.Gateway;
import io.herald.dispatcher.send.Message;
import io.herald.dispatcher.send.SendResult;
import io.herald.dispatcher.send.SendResult.TransientCause;
import io.herald.schema.Channel;
import io.herald.schema.PiiMask;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends e-mail ({@link Channel#EMAIL}) to a mail server over SMTP (RFC 5321) with Angus Mail, the Jakarta Mail
 * implementation: one message per SMTP transaction, over at most {@code smtp.connections} connections that stay open
 * and are reused (a connection idle for more than {@value #IDLE_CHECK_MS} ms is checked with NOOP first).
 *
 * <p>The message: {@code From} the request's sender (its display name encoded per RFC 2047), {@code To} the
 * recipient, the UTF-8 subject, and the text as text/plain, or text and HTML as multipart/alternative (RFC 2046
 * §5.1.4, plain first). {@code Message-ID} is {@code <messageId@domain of From>}, so a resent message keeps its id and
 * a bounce names it; {@code X-Herald-Message-Id} carries Herald's id, and {@code Auto-Submitted: auto-generated} (RFC
 * 3834) asks for no auto-replies. Accepted messages report the Message-ID (without angle brackets) as the gateway
 * message id.
 *
 * <p>Answers map to {@link SendResult}s:
 * <ul>
 *   <li>250 to the data: accepted;</li>
 *   <li>a 5xx reply (to MAIL, RCPT or DATA): permanent failure {@code SMTP_<code>}, e.g. {@code SMTP_550};</li>
 *   <li>421 (service not available): gateway unavailable;</li>
 *   <li>any other 4xx: transient failure {@code SMTP_<code>};</li>
 *   <li>a connection that cannot be opened (refused, timeout, TLS or STARTTLS failure): gateway unavailable
 *       {@code SMTP_CONNECT_FAILED}; rejected credentials: gateway unavailable {@code SMTP_AUTH_FAILED}; both feed
 *       the circuit breaker, and {@link #isAvailable()} is false until a connection succeeds again;</li>
 *   <li>a reply or write timeout: gateway unavailable {@code SMTP_TIMEOUT}; any other I/O error:
 *       {@code SMTP_IO_ERROR}; the connection is dropped;</li>
 *   <li>a sender or recipient that cannot be written as an address: permanent {@code SMTP_INVALID_MESSAGE}.</li>
 * </ul>
 * Server replies in error texts have every address in them masked. Safe for concurrent use by sender threads.
 */
public final class SmtpGateway implements Gateway {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpGateway.class);

    /** The gateway's name in status events. */
    public static final String NAME = "smtp";
    /** The header that carries Herald's message id. */
    public static final String HERALD_ID_HEADER = "X-Herald-Message-Id";

    /** {@code errorCode} when no connection to the mail server could be opened. */
    public static final String CONNECT_FAILED = "SMTP_CONNECT_FAILED";
    /** {@code errorCode} when the mail server refused the credentials. */
    public static final String AUTH_FAILED = "SMTP_AUTH_FAILED";
    /** {@code errorCode} of a reply or write timeout. */
    public static final String TIMEOUT = "SMTP_TIMEOUT";
    /** {@code errorCode} of any other I/O error on the connection. */
    public static final String IO_ERROR = "SMTP_IO_ERROR";
    /** {@code errorCode} of a failure without a reply code or I/O cause. */
    public static final String ERROR = "SMTP_ERROR";
    /** {@code errorCode} of a message that cannot be written (bad sender or recipient address). */
    public static final String INVALID_MESSAGE = "SMTP_INVALID_MESSAGE";
    /** {@code errorCode} after {@link #close()}. */
    public static final String CLOSED = "SMTP_CLOSED";

    /** A pooled connection idle longer than this, in ms, is checked with NOOP before it carries a message. */
    static final long IDLE_CHECK_MS = 10_000;

    private static final int SERVICE_NOT_AVAILABLE = 421;
    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>\"'@]+@[^\\s<>\"']+");

    private final SmtpSettings settings;
    private final Session session;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;
    private volatile boolean connectFailing;

    /** An open transport and when it last carried a message, in ns ({@link System#nanoTime()}). */
    private record Connection(Transport transport, long lastUsedNanos) {
    }

    /**
     * @param settings the smtp.* settings
     */
    public SmtpGateway(SmtpSettings settings) {
        this.settings = settings;
        this.session = Session.getInstance(settings.sessionProperties());
        this.permits = new Semaphore(settings.connections(), true);
        LOG.info("SMTP gateway: {}", settings);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public SendResult send(Message message) {
        if (closed) {
            return SendResult.transientFailure(TransientCause.GATEWAY_UNAVAILABLE, CLOSED, "SMTP gateway closed");
        }
        MimeMessage mime;
        try {
            mime = mime(message);
        } catch (MessagingException | UnsupportedEncodingException e) {
            LOG.warn("messageId={} recipient={}: cannot write the e-mail: {}", message.messageId(),
                    PiiMask.recipient(message.recipient()), mask(e.getMessage()));
            return SendResult.permanentFailure(INVALID_MESSAGE, "cannot write the e-mail: " + mask(e.getMessage()));
        }
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendResult.transientFailure(TransientCause.GATEWAY_UNAVAILABLE, IO_ERROR,
                    "interrupted waiting for an SMTP connection");
        }
        try {
            Transport transport;
            try {
                transport = borrow();
            } catch (MessagingException e) {
                return connectFailed(e);
            }
            return send(message, mime, transport);
        } finally {
            permits.release();
        }
    }

    private SendResult send(Message message, MimeMessage mime, Transport transport) {
        try {
            transport.sendMessage(mime, mime.getAllRecipients());
        } catch (MessagingException e) {
            close(transport);
            SendResult result = classify(e);
            LOG.debug("messageId={} recipient={} not accepted: {} {}", message.messageId(),
                    PiiMask.recipient(message.recipient()), result.errorCode(), result.errorText());
            return result;
        }
        idle.offerFirst(new Connection(transport, System.nanoTime()));
        if (closed) {
            closeIdle();
        }
        return SendResult.accepted(List.of(message.messageId() + "@" + domainOf(message.sender())));
    }

    /** @return an open transport: a pooled one, checked if it was idle long, or a new one */
    private Transport borrow() throws MessagingException {
        Connection pooled;
        while ((pooled = idle.pollFirst()) != null) {
            boolean stale = System.nanoTime() - pooled.lastUsedNanos() > IDLE_CHECK_MS * 1_000_000;
            if (!stale || pooled.transport().isConnected()) {
                return pooled.transport();
            }
            close(pooled.transport());
        }
        Transport transport = session.getTransport(settings.protocol());
        try {
            if (settings.authenticates()) {
                transport.connect(settings.host(), settings.port(), settings.username(), settings.password());
            } else {
                transport.connect();
            }
        } catch (MessagingException | RuntimeException e) {
            close(transport);
            throw e;
        }
        if (connectFailing) {
            connectFailing = false;
            LOG.info("SMTP gateway: connected to {}:{} again", settings.host(), settings.port());
        }
        return transport;
    }

    private SendResult connectFailed(MessagingException e) {
        boolean auth = e instanceof AuthenticationFailedException;
        String code = auth ? AUTH_FAILED : CONNECT_FAILED;
        String text = (auth ? "the mail server refused the credentials: " : "cannot connect to the mail server: ")
                + describe(e);
        if (!connectFailing) {
            connectFailing = true;
            LOG.warn("SMTP gateway {}:{}: {} ({})", settings.host(), settings.port(), text, code);
        }
        return SendResult.transientFailure(TransientCause.GATEWAY_UNAVAILABLE, code, text);
    }

    /**
     * Maps a failed transaction to a result.
     *
     * @param e what {@link Transport#sendMessage} threw
     * @return the result: per the reply code if the server gave one, else per the I/O cause
     */
    static SendResult classify(MessagingException e) {
        int code = replyCode(e);
        String text = describe(e);
        if (code >= 500) {
            return SendResult.permanentFailure("SMTP_" + code, text);
        }
        if (code == SERVICE_NOT_AVAILABLE) {
            return SendResult.transientFailure(TransientCause.GATEWAY_UNAVAILABLE, "SMTP_" + code, text);
        }
        if (code >= 400) {
            return SendResult.transientFailure(TransientCause.ERROR, "SMTP_" + code, text);
        }
        if (hasCause(e, SocketTimeoutException.class)) {
            return SendResult.transientFailure(TransientCause.GATEWAY_UNAVAILABLE, TIMEOUT, text);
        }
        if (hasCause(e, IOException.class)) {
            return SendResult.transientFailure(TransientCause.GATEWAY_UNAVAILABLE, IO_ERROR, text);
        }
        return SendResult.transientFailure(TransientCause.ERROR, ERROR, text);
    }

    /** @return the SMTP reply code in the exception chain, or -1 */
    private static int replyCode(Throwable e) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof SMTPAddressFailedException failed) {
                return failed.getReturnCode();
            }
            if (t instanceof SMTPSenderFailedException failed) {
                return failed.getReturnCode();
            }
            if (t instanceof SMTPSendFailedException failed && failed.getReturnCode() > 0) {
                // A failure of the data may wrap the per-address one; prefer the latter, which is more specific.
                int nested = replyCode(next(t));
                return nested > 0 ? nested : failed.getReturnCode();
            }
        }
        return -1;
    }

    private static Throwable next(Throwable t) {
        Throwable next = t instanceof MessagingException m && m.getNextException() != null ? m.getNextException()
                : t.getCause();
        return next == t ? null : next;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** @return the exception's message and its causes', addresses masked */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 500; t = next(t)) {
            String part = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
            if (text.indexOf(part) < 0) {
                text.append(text.length() == 0 ? "" : "; ").append(part);
            }
        }
        return mask(text.toString());
    }

    /** @return the text with every e-mail address masked ({@link PiiMask#recipient}) */
    static String mask(String text) {
        if (text == null) {
            return "";
        }
        Matcher m = ADDRESS.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(PiiMask.recipient(m.group())));
        }
        return m.appendTail(out).toString();
    }

    /** Builds the MIME message; see the class comment. */
    private MimeMessage mime(Message message) throws MessagingException, UnsupportedEncodingException {
        String messageId = "<" + message.messageId() + "@" + domainOf(message.sender()) + ">";
        MimeMessage mime = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        InternetAddress parsed = new InternetAddress(message.sender(), true);
        mime.setFrom(parsed.getPersonal() == null ? new InternetAddress(parsed.getAddress())
                : new InternetAddress(parsed.getAddress(), parsed.getPersonal(), StandardCharsets.UTF_8.name()));
        mime.setRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(message.recipient(), true));
        mime.setSubject(message.subject() == null ? "" : message.subject(), StandardCharsets.UTF_8.name());
        mime.setSentDate(new Date());
        mime.setHeader(HERALD_ID_HEADER, message.messageId());
        mime.setHeader("Auto-Submitted", "auto-generated");
        if (message.html() == null) {
            mime.setText(message.text(), StandardCharsets.UTF_8.name());
        } else {
            MimeBodyPart text = new MimeBodyPart();
            text.setText(message.text(), StandardCharsets.UTF_8.name());
            MimeBodyPart html = new MimeBodyPart();
            html.setText(message.html(), StandardCharsets.UTF_8.name(), "html");
            MimeMultipart alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            mime.setContent(alternative);
        }
        mime.saveChanges();
        return mime;
    }

    /** @return the domain of the sender's address, lower-cased, or {@code herald.invalid} if it has none */
    static String domainOf(String sender) {
        try {
            String address = new InternetAddress(sender, false).getAddress();
            int at = address == null ? -1 : address.lastIndexOf('@');
            return at < 0 ? "herald.invalid" : address.substring(at + 1).toLowerCase(java.util.Locale.ROOT);
        } catch (AddressException e) {
            return "herald.invalid";
        }
    }

    private static void close(Transport transport) {
        try {
            transport.close();
        } catch (MessagingException | RuntimeException e) {
            LOG.debug("closing an SMTP connection: {}", e.toString());
        }
    }

    private void closeIdle() {
        Connection connection;
        while ((connection = idle.pollFirst()) != null) {
            close(connection.transport());
        }
    }

    /**
     * @return false after {@link #close()}, and while connections to the mail server fail (from the first failed
     *     connect to the next successful one); else true, also before the first connection
     */
    @Override
    public boolean isAvailable() {
        return !closed && !connectFailing;
    }

    /** Stops taking messages and closes the pooled connections (QUIT); in-flight sends complete. */
    @Override
    public void close() {
        closed = true;
        closeIdle();
        LOG.info("SMTP gateway closed");
    }
}
