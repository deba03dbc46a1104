package io.herald.dispatcher;

import io.herald.dispatcher.receive.ConsumedValue;
import io.herald.dispatcher.send.guard.AdaptiveRateLimit;
import io.herald.dispatcher.send.guard.GatewayCircuit;
import io.herald.dispatcher.send.guard.GatewayGuard;
import io.herald.schema.Channel;
import io.herald.schema.DeliveryStatus;
import io.herald.schema.NotificationRequest;
import io.herald.schema.TrustedAvroClasses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Serializer;

/** Requests, consumed records and an Avro status serde for unit tests (no registry). */
public final class Fixtures {

    public static final String RECIPIENT = "+4791234567";
    public static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

    static {
        // Avro 1.12 refuses to decode into classes it was not told to trust.
        TrustedAvroClasses.install();
    }

    private Fixtures() {
    }

    /** @return an SMS request with the given id and expiry (null: never) */
    public static NotificationRequest request(String messageId, Channel channel, Instant expiresAt) {
        return NotificationRequest.newBuilder()
                .setMessageId(messageId)
                .setBatchId("batch-1")
                .setChannel(channel)
                .setRecipient(RECIPIENT)
                .setSender("Herald")
                .setText("Your code is 1234")
                .setCreatedAt(NOW.minusSeconds(60))
                .setNotBefore(null)
                .setExpiresAt(expiresAt)
                .setClientReference(null)
                .build();
    }

    /** @return a consumed notify.requests record with key = recipient, one original header {@code trace: abc} */
    public static ConsumerRecord<byte[], ConsumedValue> record(int partition, long offset, ConsumedValue value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", "abc".getBytes(StandardCharsets.UTF_8));
        return new ConsumerRecord<>("notify.requests", partition, offset, NOW.toEpochMilli(),
                TimestampType.CREATE_TIME, RECIPIENT.length(), value.raw() == null ? -1 : value.raw().length,
                RECIPIENT.getBytes(StandardCharsets.UTF_8), value, headers, Optional.empty());
    }

    /** @return the value as a consumer would read it, with some raw bytes standing for its wire form */
    public static ConsumedValue read(NotificationRequest request) {
        return ConsumedValue.of(("wire:" + request.getMessageId()).getBytes(StandardCharsets.UTF_8), request);
    }

    /** Avro single-object encoding of the generated class: a real Avro round trip without a registry. */
    public static Serializer<DeliveryStatus> statusSerializer() {
        return (topic, status) -> {
            try {
                ByteBuffer buffer = status.toByteBuffer();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                return bytes;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** @return the status {@link #statusSerializer()} wrote */
    public static DeliveryStatus status(byte[] value) {
        try {
            return DeliveryStatus.fromByteBuffer(ByteBuffer.wrap(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the last value of a header as UTF-8, or null */
    public static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * A gateway guard as the dispatcher builds it with the default settings: no rate limit until throttled, a circuit
     * that opens when 50% of at least 5 of the last 20 sends found the gateway unavailable and probes after 1 s.
     *
     * @param clock the clock of the circuit's open wait and of the rate limit's windows
     */
    public static GatewayGuard guard(Clock clock) {
        return new GatewayGuard(new AdaptiveRateLimit(0, 10, 10, clock::millis),
                new GatewayCircuit(new GatewayCircuit.Settings(50, 20, 5, 1000, 3), clock));
    }
}
