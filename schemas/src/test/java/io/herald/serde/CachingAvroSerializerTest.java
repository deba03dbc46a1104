package io.herald.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.schema.Channel;
import io.herald.schema.NotificationRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

/**
 * The cache's own behaviour. That its bytes equal Apicurio's against a real registry is WireFormatIT's to show (it reads
 * what ingest wrote through this serializer with plain Avro and the id the ccompat API gives).
 */
class CachingAvroSerializerTest {

    private static final String TOPIC = "notify.requests";

    private static NotificationRequest request(String messageId, String text) {
        return NotificationRequest.newBuilder().setMessageId(messageId).setBatchId("b-1").setRecipient("+4791234567")
                .setSender("HERALD").setText(text).setChannel(Channel.SMS).setCreatedAt(Instant.ofEpochMilli(1_234))
                .setNotBefore(Instant.ofEpochMilli(5_678)).build();
    }

    /** Writes as Apicurio does with as-confluent: magic 0, the id, Avro binary; counts its calls. */
    private static final class RegisteringStandIn implements Serializer<NotificationRequest> {
        final AtomicInteger calls = new AtomicInteger();
        final int id;
        final boolean withHeader;

        RegisteringStandIn(int id, boolean withHeader) {
            this.id = id;
            this.withHeader = withHeader;
        }

        @Override
        public byte[] serialize(String topic, NotificationRequest data) {
            calls.incrementAndGet();
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                if (withHeader) {
                    out.write(0);
                    out.write(ByteBuffer.allocate(4).putInt(id).array());
                }
                BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
                new SpecificDatumWriter<NotificationRequest>(NotificationRequest.getClassSchema(),
                        SpecificData.getForSchema(NotificationRequest.getClassSchema())).write(data, encoder);
                encoder.flush();
                return out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void theIdIsResolvedOncePerSchemaAndTopicAndTheBytesAreTheSame() {
        // given a serializer in front of one that registers
        RegisteringStandIn registering = new RegisteringStandIn(4242, true);
        CachingAvroSerializer<NotificationRequest> serializer = new CachingAvroSerializer<>(registering);
        RegisteringStandIn reference = new RegisteringStandIn(4242, true);
        // when 100 values are written
        for (int i = 0; i < 100; i++) {
            NotificationRequest value = request("m-" + i, "Hello " + "æøå😀".repeat(i % 7));
            // then each is byte for byte what the registering serializer writes
            assertThat(serializer.serialize(TOPIC, value)).isEqualTo(reference.serialize(TOPIC, value));
        }
        // and only the first went through it
        assertThat(registering.calls).hasValue(1);
        // and another topic resolves its own id
        serializer.serialize("notify.requests.retry.30s", request("m-x", "x"));
        assertThat(registering.calls).hasValue(2);
    }

    @Test
    void valuesWhoseBytesDifferAreNeverCached() {
        // given a registering serializer that writes no wire-format header (ids in headers, say)
        RegisteringStandIn headerless = new RegisteringStandIn(1, false);
        CachingAvroSerializer<NotificationRequest> serializer = new CachingAvroSerializer<>(headerless);
        // when three values are written, then each is its output and each went through it
        for (int i = 0; i < 3; i++) {
            NotificationRequest value = request("m-" + i, "text");
            assertThat(serializer.serialize(TOPIC, value)).isEqualTo(new RegisteringStandIn(1, false)
                    .serialize(TOPIC, value));
        }
        assertThat(headerless.calls).hasValue(3);
    }

    @Test
    void nullIsNull() {
        assertThat(new CachingAvroSerializer<>(new RegisteringStandIn(1, true)).serialize(TOPIC, null)).isNull();
    }
}
