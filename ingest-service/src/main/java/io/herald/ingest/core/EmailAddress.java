package io.herald.ingest.core;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.IDN;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks and normalizes e-mail addresses: a recipient's ({@link #normalize}) and a batch's sender
 * ({@link #senderProblem}).
 *
 * <p>A recipient is a bare address ({@code addr-spec}, RFC 5322 §3.4.1), parsed strictly with Jakarta Mail's
 * {@link InternetAddress}, and further:
 * <ul>
 *   <li>at most {@value #MAX_LENGTH} characters in all and {@value #MAX_LOCAL_PART_LENGTH} in the local part
 *       (RFC 5321 §4.5.3.1);</li>
 *   <li>an ASCII local part: a non-ASCII one needs SMTPUTF8 (RFC 6531) end to end, which Herald does not assume;</li>
 *   <li>a domain name (not an address literal) of at least two labels, each 1–63 letters, digits or hyphens, not
 *       starting or ending with a hyphen, the last not all digits; an internationalized domain is taken in its ASCII
 *       form (IDNA, {@link IDN#toASCII}), so {@code ola@dæmo.no} becomes {@code ola@xn--dmo-yla.no}.</li>
 * </ul>
 * The normalized form is lower-cased (Locale.ROOT) in whole: it is the record key of {@code notify.requests} and of
 * {@code notify.suppressions}, so {@code Ola@Example.COM} and {@code ola@example.com} are one recipient. (RFC 5321
 * lets a server treat local parts case-sensitively; no mainstream mailbox provider does.) Thread-safe (stateless).
 */
public final class EmailAddress {

    /** The most characters an address may have (a forward-path of 256 octets minus the angle brackets). */
    public static final int MAX_LENGTH = 254;
    /** The most characters a local part may have. */
    public static final int MAX_LOCAL_PART_LENGTH = 64;

    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private EmailAddress() {
    }

    /**
     * The outcome of {@link #normalize}: either a normalized address or the reason it is invalid.
     *
     * @param address the normalized address (lower-cased, ASCII domain), or null if invalid
     * @param reason why it is invalid, for the rejection; null if valid
     */
    public record Result(String address, String reason) {
        /** @return whether the address is valid */
        public boolean isValid() {
            return address != null;
        }
    }

    /**
     * Checks and normalizes a recipient address.
     *
     * @param address the address as the client gave it, e.g. {@code Ola.Nordmann@Example.com}; may be null
     * @return the normalized address, e.g. {@code ola.nordmann@example.com}, or the reason it is not valid
     */
    public static Result normalize(String address) {
        if (address == null || address.isBlank()) {
            return invalid("is not an e-mail address: empty");
        }
        String trimmed = address.strip();
        if (trimmed.indexOf('<') >= 0 || trimmed.chars().anyMatch(Character::isWhitespace)) {
            return invalid("is not a bare e-mail address (no display name, angle brackets or spaces), e.g. "
                    + "ola@example.com");
        }
        Optional<String> problem = addrSpecProblem(trimmed);
        if (problem.isPresent()) {
            return invalid(problem.get());
        }
        return new Result(asciiForm(trimmed).toLowerCase(Locale.ROOT), null);
    }

    /**
     * Checks a batch's sender for the e-mail channel: an address as {@link #normalize} accepts it, optionally with a
     * display name, e.g. {@code Herald <noreply@herald.dev>} (RFC 5322 §3.4 {@code name-addr}). Its case is kept.
     *
     * @param from the sender as the client gave it; may be null
     * @return what is wrong with it, or empty if it is valid
     */
    public static Optional<String> senderProblem(String from) {
        if (from == null || from.isBlank()) {
            return Optional.of("is required: the sender's e-mail address, e.g. Herald <noreply@example.com>");
        }
        InternetAddress parsed;
        try {
            parsed = new InternetAddress(from.strip(), true);
        } catch (AddressException e) {
            return Optional.of("is not an e-mail address: " + e.getMessage());
        }
        if (from.indexOf('\r') >= 0 || from.indexOf('\n') >= 0) {
            return Optional.of("must be one line");
        }
        return addrSpecProblem(parsed.getAddress()).map(reason -> "address " + reason);
    }

    /**
     * @param from a batch's e-mail sender, with or without a display name
     * @return its bare address, lower-cased with its domain in ASCII form (IDNA), or empty if
     *     {@link #senderProblem(String)} finds it invalid
     */
    public static Optional<String> senderAddress(String from) {
        if (senderProblem(from).isPresent()) {
            return Optional.empty();
        }
        try {
            return Optional.of(asciiForm(new InternetAddress(from.strip(), true).getAddress())
                    .toLowerCase(java.util.Locale.ROOT));
        } catch (AddressException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** @return what is wrong with a bare address, or empty */
    private static Optional<String> addrSpecProblem(String address) {
        try {
            asciiForm(address);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * @return the address with its domain in ASCII form (IDNA), case kept
     * @throws IllegalArgumentException with the reason, if it is not a valid bare address
     */
    private static String asciiForm(String address) {
        if (address.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("has " + address.length() + " characters, more than " + MAX_LENGTH);
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            throw new IllegalArgumentException("is not an e-mail address: it needs a local part and a domain, e.g. "
                    + "ola@example.com");
        }
        String local = address.substring(0, at);
        if (local.length() > MAX_LOCAL_PART_LENGTH) {
            throw new IllegalArgumentException("has a local part of " + local.length() + " characters, more than "
                    + MAX_LOCAL_PART_LENGTH);
        }
        if (!local.chars().allMatch(c -> c < 0x80)) {
            throw new IllegalArgumentException("has a non-ASCII local part, which needs SMTPUTF8 (RFC 6531)");
        }
        String domain;
        try {
            domain = IDN.toASCII(address.substring(at + 1), IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("has an invalid domain: " + e.getMessage());
        }
        String[] labels = domain.toLowerCase(Locale.ROOT).split("\\.", -1);
        if (labels.length < 2) {
            throw new IllegalArgumentException("has no domain with a dot, e.g. example.com");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("has an invalid domain: label '" + label + "' must be 1-63 "
                        + "letters, digits or hyphens, not starting or ending with a hyphen");
            }
        }
        if (DIGITS.matcher(labels[labels.length - 1]).matches()) {
            throw new IllegalArgumentException("has an invalid domain: the top-level label is all digits");
        }
        String ascii = local + "@" + domain;
        try {
            InternetAddress parsed = new InternetAddress(ascii, true);
            parsed.validate();
            if (parsed.getPersonal() != null || !ascii.equals(parsed.getAddress())) {
                throw new IllegalArgumentException("is not a bare e-mail address, e.g. ola@example.com");
            }
        } catch (AddressException e) {
            throw new IllegalArgumentException("is not an e-mail address: " + e.getMessage());
        }
        return ascii;
    }

    private static Result invalid(String reason) {
        return new Result(null, reason);
    }
}
