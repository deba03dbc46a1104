package io.herald.dispatcher.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.dispatcher.Fixtures;
import io.herald.schema.Channel;
import io.herald.schema.HeraldSerdes;
import io.herald.schema.NotificationRequest;
import io.herald.serde.CheckedAvroDeserializer;
import io.herald.serde.RegistryUnavailableException;
import io.herald.serde.UnknownSchemaIds;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

class SafeRequestDeserializerTest {

    private static final String TOPIC = "notify.requests";
    private static final int SCHEMA_ID = 42;

    /** Confluent wire format: magic 0x00, 4-byte schema id, Avro binary. */
    private static byte[] wireFormat(NotificationRequest request) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0);
            out.write(ByteBuffer.allocate(4).putInt(SCHEMA_ID).array());
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<>(NotificationRequest.class).write(request, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the wire format with the writer schema known locally, standing in for a registry lookup by id. */
    private static final class LocalSchemaDeserializer implements Deserializer<NotificationRequest> {
        @Override
        public NotificationRequest deserialize(String topic, byte[] data) {
            ByteBuffer buffer = ByteBuffer.wrap(data);
            if (buffer.get() != 0 || buffer.getInt() != SCHEMA_ID) {
                throw new SerializationException("unknown magic byte or schema id");
            }
            try {
                return new SpecificDatumReader<>(NotificationRequest.class).read(null,
                        DecoderFactory.get().binaryDecoder(data, 5, data.length - 5, null));
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot read Avro value", e);
            }
        }
    }

    /** The real Apicurio deserializer, pointed at a registry that does not exist: the cases below must not call it. */
    private static SafeRequestDeserializer apicurio() {
        SafeRequestDeserializer deserializer = new SafeRequestDeserializer();
        deserializer.configure(HeraldSerdes.consumerSerdeConfig("http://127.0.0.1:9"), false);
        return deserializer;
    }

    @Test
    void validRecordRoundTrips() {
        // given a request in Confluent wire format
        NotificationRequest request = Fixtures.request("m-1", Channel.SMS, Fixtures.NOW.plusSeconds(60));
        byte[] bytes = wireFormat(request);
        // when read
        ConsumedValue value = new SafeRequestDeserializer(new LocalSchemaDeserializer())
                .deserialize(TOPIC, new RecordHeaders(), bytes);
        // then it is the same request, with the raw bytes kept for the DLQ
        assertThat(value.isPoison()).isFalse();
        assertThat(value.request()).isEqualTo(request);
        assertThat(value.raw()).isEqualTo(bytes);
        assertThat(value.error()).isNull();
    }

    @Test
    void truncatedAvroBecomesPoisonWithTheRawBytes() {
        // given a valid record cut in half
        byte[] full = wireFormat(Fixtures.request("m-2", Channel.SMS, null));
        byte[] truncated = Arrays.copyOf(full, full.length / 2);
        // when read
        ConsumedValue value = new SafeRequestDeserializer(new LocalSchemaDeserializer()).deserialize(TOPIC, truncated);
        // then it is poison, holding the bytes and the error
        assertThat(value.isPoison()).isTrue();
        assertThat(value.raw()).isEqualTo(truncated);
        assertThat(value.error()).isInstanceOf(SerializationException.class);
    }

    @Test
    void valueOfAnotherTypeBecomesPoison() {
        // given a checked deserializer whose Avro reader finds something other than a NotificationRequest
        Deserializer<String> other = (topic, data) -> "a string";
        CheckedAvroDeserializer<NotificationRequest> checked = new CheckedAvroDeserializer<>(
                NotificationRequest.class, other, new UnknownSchemaIds(Clock.systemUTC(), Duration.ofMinutes(1)));
        // when read
        ConsumedValue value = new SafeRequestDeserializer(checked).deserialize(TOPIC, new byte[] {0, 0, 0, 0, 1});
        // then it is poison naming what was read
        assertThat(value.isPoison()).isTrue();
        assertThat(value.error()).hasMessageContaining("java.lang.String");
    }

    @Test
    void unreachableRegistryIsThrownNotPoison() {
        // given a deserializer whose registry call fails with connection refused
        Deserializer<NotificationRequest> unreachable = (topic, data) -> {
            throw new IllegalStateException("lookup failed", new ConnectException("Connection refused"));
        };
        // when / then it throws the retriable RegistryUnavailableException
        assertThatThrownBy(() -> new SafeRequestDeserializer(unreachable).deserialize(TOPIC, new byte[] {0, 0, 0, 0, 1}))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasRootCauseInstanceOf(ConnectException.class);
    }

    @Test
    void garbageBytesBecomePoisonWithApicuriosDeserializer() {
        // given bytes without the 0x00 magic byte
        byte[] garbage = "not avro at all".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (SafeRequestDeserializer deserializer = apicurio()) {
            // when read, with and without headers
            ConsumedValue withHeaders = deserializer.deserialize(TOPIC, new RecordHeaders(), garbage);
            ConsumedValue withoutHeaders = deserializer.deserialize(TOPIC, garbage);
            // then both are poison with the raw bytes and an error
            assertThat(withHeaders.isPoison()).isTrue();
            assertThat(withHeaders.raw()).isEqualTo(garbage);
            assertThat(withHeaders.error()).isNotNull();
            assertThat(withoutHeaders.isPoison()).isTrue();
        }
    }

    @Test
    void emptyAndNullValuesBecomePoisonWithApicuriosDeserializer() {
        try (SafeRequestDeserializer deserializer = apicurio()) {
            // given an empty value, when read, then poison with the empty bytes
            ConsumedValue empty = deserializer.deserialize(TOPIC, new RecordHeaders(), new byte[0]);
            assertThat(empty.isPoison()).isTrue();
            assertThat(empty.raw()).isEmpty();
            // given a tombstone, when read, then poison without bytes
            ConsumedValue tombstone = deserializer.deserialize(TOPIC, new RecordHeaders(), (byte[]) null);
            assertThat(tombstone.isPoison()).isTrue();
            assertThat(tombstone.raw()).isNull();
            assertThat(tombstone.error()).hasMessageContaining("tombstone");
        }
    }
}
