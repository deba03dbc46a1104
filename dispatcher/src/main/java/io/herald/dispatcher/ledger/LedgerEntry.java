package io.herald.dispatcher.ledger;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One entry of the sent ledger ({@value io.herald.schema.Topics#SENT}): the gateway accepted the message of this
 * record. Key: the messageId (UTF-8). Value: UTF-8 text of five fields separated by single spaces,
 * {@code <topic> <partition> <offset> <attempts> <gatewayMessageId>[,<gatewayMessageId>...]}, e.g.
 * {@code notify.requests 3 1234 1 8f2a01,8f2a02} (a 2-part message).
 *
 * @param topic the topic of the record that was sent ({@code notify.requests} or a retry topic)
 * @param partition its partition
 * @param offset its offset
 * @param attempts gateway attempts it took
 * @param gatewayMessageIds the gateway's id of each part, at least one
 */
public record LedgerEntry(String topic, int partition, long offset, int attempts, List<String> gatewayMessageIds) {

    /** @return the value bytes */
    public byte[] toBytes() {
        return (topic + ' ' + partition + ' ' + offset + ' ' + attempts + ' ' + String.join(",", gatewayMessageIds))
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a value.
     *
     * @param value the value bytes
     * @return the entry
     * @throws IllegalArgumentException if the value does not have the form above
     */
    public static LedgerEntry parse(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("no value");
        }
        String[] fields = new String(value, StandardCharsets.UTF_8).split(" ");
        if (fields.length != 5 || fields[4].isEmpty()) {
            throw new IllegalArgumentException("expected 5 space-separated fields");
        }
        try {
            return new LedgerEntry(fields[0], Integer.parseInt(fields[1]), Long.parseLong(fields[2]),
                    Integer.parseInt(fields[3]), Arrays.asList(fields[4].split(",")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("partition, offset and attempts must be numbers", e);
        }
    }
}
