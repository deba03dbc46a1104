package io.herald.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.apicurio.registry.rest.client.exception.ContentNotFoundException;
import io.apicurio.registry.rest.v2.beans.Error;
import io.herald.schema.Channel;
import io.herald.schema.DeliveryState;
import io.herald.schema.DeliveryStatus;
import io.herald.schema.NotificationRequest;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

class CheckedAvroDeserializerTest {

    private static final String TOPIC = "notify.requests";

    private final MutableClock clock = new MutableClock();
    private final UnknownSchemaIds unknownIds = new UnknownSchemaIds(clock, Duration.ofMinutes(1));

    private static byte[] value(int schemaId) {
        return ByteBuffer.allocate(8).put((byte) 0).putInt(schemaId).put(new byte[] {2, 4, 6}).array();
    }

    @Test
    void anUnknownSchemaIdIsPoisonAndAskedAboutAtMostOncePerMinute() {
        // given a registry that knows no id, counting the lookups
        AtomicInteger lookups = new AtomicInteger();
        Deserializer<Object> registry = (topic, data) -> {
            lookups.incrementAndGet();
            throw new ContentNotFoundException(new Error());
        };
        CheckedAvroDeserializer<NotificationRequest> reader =
                new CheckedAvroDeserializer<>(NotificationRequest.class, registry, unknownIds);
        // when 1,000 records with that id are read within a minute
        for (int i = 0; i < 1_000; i++) {
            assertThatThrownBy(() -> reader.deserialize(TOPIC, value(77)))
                    .isInstanceOf(PoisonRecordException.class)
                    .hasMessageContaining("schema id 77 is unknown")
                    .satisfies(e -> assertThat(((PoisonRecordException) e).schemaId()).hasValue(77));
            clock.advance(Duration.ofMillis(50));
        }
        // then the registry was asked once
        assertThat(lookups).hasValue(1);
        // and once more after the minute has passed
        clock.advance(Duration.ofMinutes(1));
        assertThatThrownBy(() -> reader.deserialize(TOPIC, value(77))).isInstanceOf(PoisonRecordException.class);
        assertThat(lookups).hasValue(2);
        // and another id is asked about on its own
        assertThatThrownBy(() -> reader.deserialize(TOPIC, value(78))).isInstanceOf(PoisonRecordException.class);
        assertThat(lookups).hasValue(3);
    }

    @Test
    void aWriterSchemaOfAnotherRecordTypeIsPoison() {
        // given an id whose writer schema is DeliveryStatus, read where a NotificationRequest is expected
        DeliveryStatus status = DeliveryStatus.newBuilder().setMessageId("m-1").setBatchId("b-1")
                .setState(DeliveryState.SENT).setGateway("smpp").setSegments(1).setAttempt(1)
                .setTimestamp(Instant.EPOCH).build();
        Deserializer<Object> registry = (topic, data) -> status;
        CheckedAvroDeserializer<NotificationRequest> reader =
                new CheckedAvroDeserializer<>(NotificationRequest.class, registry, unknownIds);
        // when read, then it is poison naming both full names
        assertThatThrownBy(() -> reader.deserialize(TOPIC, value(5)))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessageContaining("io.herald.schema.DeliveryStatus")
                .hasMessageContaining("io.herald.schema.NotificationRequest");
    }

    @Test
    void aValueOutsideTheWireFormatIsPoisonWithoutALookup() {
        AtomicInteger lookups = new AtomicInteger();
        Deserializer<Object> registry = (topic, data) -> {
            lookups.incrementAndGet();
            return null;
        };
        CheckedAvroDeserializer<NotificationRequest> reader =
                new CheckedAvroDeserializer<>(NotificationRequest.class, registry, unknownIds);
        assertThatThrownBy(() -> reader.deserialize(TOPIC, "plain text".getBytes()))
                .isInstanceOf(PoisonRecordException.class).hasMessageContaining("not in the Confluent wire format");
        assertThatThrownBy(() -> reader.deserialize(TOPIC, new byte[] {0, 0, 1}))
                .isInstanceOf(PoisonRecordException.class);
        assertThat(reader.deserialize(TOPIC, null)).isNull();
        assertThat(lookups).hasValue(0);
    }

    @Test
    void anUnreachableRegistryIsRetriableNotPoisonAndNotRemembered() {
        // given a registry that refuses connections
        AtomicInteger lookups = new AtomicInteger();
        Deserializer<Object> registry = (topic, data) -> {
            lookups.incrementAndGet();
            throw new IllegalStateException("lookup failed", new ConnectException("Connection refused"));
        };
        CheckedAvroDeserializer<NotificationRequest> reader =
                new CheckedAvroDeserializer<>(NotificationRequest.class, registry, unknownIds);
        // when read twice, then each read asks again and throws the retriable exception
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> reader.deserialize(TOPIC, value(9)))
                    .isInstanceOf(RegistryUnavailableException.class)
                    .hasRootCauseInstanceOf(ConnectException.class);
        }
        assertThat(lookups).hasValue(2);
    }

    @Test
    void theExpectedTypeIsReturned() {
        NotificationRequest request = NotificationRequest.newBuilder().setMessageId("m-1").setBatchId("b-1")
                .setRecipient("+4791234567").setSender("HERALD").setText("hello").setChannel(Channel.SMS)
                .setCreatedAt(Instant.EPOCH).build();
        CheckedAvroDeserializer<NotificationRequest> reader =
                new CheckedAvroDeserializer<>(NotificationRequest.class, (topic, data) -> request, unknownIds);
        assertThat(reader.deserialize(TOPIC, value(1))).isSameAs(request);
    }

    @Test
    void afterTheFirstValueOfAnIdItsValuesAreDecodedHereWithTheWriterSchema() throws Exception {
        // given values of one schema id, and a registry deserializer that counts its calls
        AtomicInteger registryReads = new AtomicInteger();
        Deserializer<Object> registry = (topic, data) -> {
            registryReads.incrementAndGet();
            return decode(data);
        };
        CheckedAvroDeserializer<NotificationRequest> reader = new CheckedAvroDeserializer<>(
                NotificationRequest.class, registry, unknownIds, id -> id == 12 ? NotificationRequest.getClassSchema()
                : null);
        // when 50 values are read
        for (int i = 0; i < 50; i++) {
            NotificationRequest request = NotificationRequest.newBuilder().setMessageId("m-" + i).setBatchId("b-1")
                    .setRecipient("+4791234567").setSender("HERALD").setText("hello " + "ø".repeat(i))
                    .setChannel(Channel.SMS).setCreatedAt(Instant.ofEpochMilli(1_000 + i)).build();
            // then each is the value written
            assertThat(reader.deserialize(TOPIC, encode(12, request))).isEqualTo(request);
        }
        // and only the first went through the registry's deserializer
        assertThat(registryReads).hasValue(1);
        // and a truncated value of that id is poison
        byte[] truncated = java.util.Arrays.copyOf(encode(12, NotificationRequest.newBuilder().setMessageId("m")
                .setBatchId("b").setRecipient("+4791234567").setSender("H").setText("t").setChannel(Channel.SMS)
                .setCreatedAt(Instant.EPOCH).build()), 9);
        assertThatThrownBy(() -> reader.deserialize(TOPIC, truncated)).isInstanceOf(PoisonRecordException.class);
    }

    private static byte[] encode(int schemaId, NotificationRequest request) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(5).put((byte) 0).putInt(schemaId).array());
        org.apache.avro.io.BinaryEncoder encoder = org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
        new org.apache.avro.specific.SpecificDatumWriter<NotificationRequest>(NotificationRequest.getClassSchema(),
                org.apache.avro.specific.SpecificData.getForSchema(NotificationRequest.getClassSchema()))
                .write(request, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static NotificationRequest decode(byte[] data) {
        try {
            return new org.apache.avro.specific.SpecificDatumReader<NotificationRequest>(
                    NotificationRequest.getClassSchema(), NotificationRequest.getClassSchema(),
                    org.apache.avro.specific.SpecificData.getForSchema(NotificationRequest.getClassSchema()))
                    .read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(data, 5, data.length - 5,
                            null));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-06T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
