package io.herald.smsc.mail;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads a received {@link MimeMessage} into a {@link ReceivedMail}: headers, and the text and HTML bodies. */
final class MimeContent {

    /** Header in which the dispatcher sends Herald's message id. */
    static final String HERALD_MESSAGE_ID = "X-Herald-Message-Id";

    private String text;
    private String html;

    private MimeContent() {
    }

    /**
     * @param message a received message
     * @return its headers and bodies, decoded
     * @throws MessagingException when the MIME structure cannot be read
     * @throws IOException        when a body cannot be read
     */
    static ReceivedMail read(MimeMessage message) throws MessagingException, IOException {
        MimeContent bodies = new MimeContent();
        bodies.walk(message, 0);
        Address[] from = message.getFrom();
        return new ReceivedMail(heraldMessageId(message), message.getMessageID(),
                from == null || from.length == 0 ? null : address(from[0]),
                addresses(message.getRecipients(Message.RecipientType.TO)), message.getSubject(),
                bodies.text, bodies.html);
    }

    /**
     * @param message a received message
     * @return its {@value #HERALD_MESSAGE_ID} header, trimmed, or null without one (or a blank one)
     * @throws MessagingException when the headers cannot be read
     */
    static String heraldMessageId(MimeMessage message) throws MessagingException {
        String value = message.getHeader(HERALD_MESSAGE_ID, null);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Depth-first: the first text/plain and the first text/html that are not attachments win. */
    private void walk(Part part, int depth) throws MessagingException, IOException {
        if (depth > 20) {
            return;
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                walk(child, depth + 1);
            }
        } else if (part.isMimeType("message/rfc822")) {
            // A forwarded message: its bodies are not this message's.
            return;
        } else if (!Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            if (text == null && part.isMimeType("text/plain")) {
                text = string(part);
            } else if (html == null && part.isMimeType("text/html")) {
                html = string(part);
            }
        }
    }

    /** The content as text: Angus Mail decodes the transfer encoding and the charset of a text/* part. */
    private static String string(Part part) throws MessagingException, IOException {
        try {
            Object content = part.getContent();
            if (content instanceof String s) {
                return s;
            }
        } catch (UnsupportedEncodingException e) {
            // an unknown charset: fall through and read the decoded bytes as UTF-8 rather than lose the body
        }
        try (InputStream in = part.getInputStream(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static List<String> addresses(Address[] addresses) {
        List<String> list = new ArrayList<>();
        if (addresses != null) {
            for (Address a : addresses) {
                list.add(address(a));
            }
        }
        return list;
    }

    private static String address(Address a) {
        return a instanceof InternetAddress ia ? ia.getAddress() : a.toString();
    }
}
