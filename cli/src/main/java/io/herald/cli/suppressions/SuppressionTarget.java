package io.herald.cli.suppressions;

import io.herald.cli.KafkaConnectionOptions;
import io.herald.schema.PiiMask;
import io.herald.schema.SuppressionKeys;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The entry a suppressions command writes: a recipient, and the owner ({@code --client}) or none (shared); and where
 * Kafka is.
 */
public final class SuppressionTarget {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    @Parameters(index = "0", paramLabel = "RECIPIENT",
            description = "The recipient as Herald keys it: E.164 (+4791234567) or an e-mail address.")
    String recipient;

    @Option(names = "--client", paramLabel = "ID",
            description = "The entry of this API client (auth.clients key); without it, the shared entry (an MO STOP,"
                    + " an operator's, or an API entry from before entries had owners).")
    String clientId;

    @Mixin
    KafkaConnectionOptions kafka = new KafkaConnectionOptions();

    /** The value to write for an entry. */
    @FunctionalInterface
    interface Value {
        /**
         * @param recipient the normalized recipient
         * @param clientId the owner, or null for the shared entry
         * @return the record value: an entry's JSON, or null for a tombstone
         */
        byte[] of(String recipient, String clientId);
    }

    /**
     * Writes the target's record to {@code notify.suppressions}, waits for Kafka's acknowledgement and prints
     * {@code suppressions VERB: RECIPIENT(masked) OWNER partition/offset}.
     *
     * @param cli the command, for its usage errors and output
     * @param verb the command's name, for the line printed
     * @param value the value to write
     * @return the exit code, 0
     * @throws CommandLine.ParameterException (exit code 2) if the recipient or client id is not valid
     * @throws Exception if Kafka refused the write or did not acknowledge it within 30 s
     */
    int write(CommandLine cli, String verb, Value value) throws Exception {
        String normalized = recipient(cli);
        String owner = clientId(cli);
        RecordMetadata written = new SuppressionTopic(kafka.clientProperties())
                .write(SuppressionKeys.key(owner, normalized), value.of(normalized, owner));
        PrintWriter out = cli.getOut();
        out.printf(Locale.ROOT, "suppressions %s: %s %s %d/%d%n", verb, PiiMask.recipient(normalized), owner(),
                written.partition(), written.offset());
        out.flush();
        return 0;
    }

    /**
     * @param cli the command, for its usage error
     * @return the recipient as {@code notify.requests} keys it: E.164 as given, an e-mail address lower-cased
     * @throws CommandLine.ParameterException (exit code 2) if it is neither
     */
    String recipient(CommandLine cli) {
        return normalize(cli, recipient);
    }

    /**
     * @param cli the command, for its usage error
     * @param recipient a recipient as the operator typed it
     * @return it as {@code notify.requests} keys it: E.164 as given, an e-mail address lower-cased
     * @throws CommandLine.ParameterException (exit code 2) if it is neither
     */
    static String normalize(CommandLine cli, String recipient) {
        String trimmed = recipient.strip();
        if (E164.matcher(trimmed).matches()) {
            return trimmed;
        }
        int at = trimmed.lastIndexOf('@');
        if (at > 0 && at < trimmed.length() - 1 && trimmed.chars().noneMatch(Character::isWhitespace)) {
            return trimmed.toLowerCase(Locale.ROOT);
        }
        throw new CommandLine.ParameterException(cli, "RECIPIENT must be E.164 (+4791234567) or an e-mail address");
    }

    /**
     * @param cli the command, for its usage error
     * @return the client id, or null for the shared entry
     * @throws CommandLine.ParameterException (exit code 2) if it does not match
     *     {@value SuppressionKeys#CLIENT_ID_REGEX}
     */
    String clientId(CommandLine cli) {
        if (clientId != null && !clientId.matches(SuppressionKeys.CLIENT_ID_REGEX)) {
            throw new CommandLine.ParameterException(cli, "--client must match " + SuppressionKeys.CLIENT_ID_REGEX);
        }
        return clientId;
    }

    /** @return who owns the entry, for output: {@code shared} or {@code client <id>} */
    String owner() {
        return clientId == null ? "shared" : "client " + clientId;
    }
}
