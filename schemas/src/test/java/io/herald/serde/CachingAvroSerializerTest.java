package io.herald.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.apicurio.registry.rest.client.exception.VersionAlreadyExistsException;
import io.apicurio.registry.rest.v2.beans.Error;
import io.herald.schema.Channel;
import io.herald.schema.NotificationRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
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

    /**
     * Writes as Apicurio does with as-confluent: magic 0, the id, Avro binary; counts its calls; can take its time
     * and fail its first calls as told.
     */
    private static final class RegisteringStandIn implements Serializer<NotificationRequest> {
        final AtomicInteger calls = new AtomicInteger();
        final int id;
        final boolean withHeader;
        volatile long delayMs;
        final Queue<RuntimeException> failures = new ConcurrentLinkedQueue<>();

        RegisteringStandIn(int id, boolean withHeader) {
            this.id = id;
            this.withHeader = withHeader;
        }

        @Override
        public byte[] serialize(String topic, NotificationRequest data) {
            calls.incrementAndGet();
            RuntimeException failure = failures.poll();
            if (failure != null) {
                throw failure;
            }
            try {
                Thread.sleep(delayMs);
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
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
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

    @Test
    void firstValuesWrittenAtOnceRegisterTheSchemaOnce() throws Exception {
        // given a registering serializer that takes 200 ms, as a registry round trip may
        RegisteringStandIn registering = new RegisteringStandIn(7, true);
        registering.delayMs = 200;
        CachingAvroSerializer<NotificationRequest> serializer = new CachingAvroSerializer<>(registering);
        // when eight threads write their first value of the schema at the same moment
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<byte[]>> written = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            NotificationRequest value = request("m-" + i, "text");
            written.add(pool.submit(() -> {
                start.await();
                return serializer.serialize(TOPIC, value);
            }));
        }
        start.countDown();
        for (Future<byte[]> bytes : written) {
            assertThat(bytes.get(10, TimeUnit.SECONDS)).startsWith(0, 0, 0, 0, 7);
        }
        pool.shutdownNow();
        // then the schema went to the registry once
        assertThat(registering.calls).hasValue(1);
    }

    @Test
    void aSchemaRegisteredByAnotherClientAtTheSameMomentIsTriedAgainAndOtherErrorsAreNot() {
        // given a registry that answers the first registration with 409: the same version was created meanwhile
        RegisteringStandIn registering = new RegisteringStandIn(9, true);
        registering.failures.add(new SerializationException("registering failed",
                new VersionAlreadyExistsException(new Error())));
        CachingAvroSerializer<NotificationRequest> serializer = new CachingAvroSerializer<>(registering);
        // when a value is written, then the second try finds it
        assertThat(serializer.serialize(TOPIC, request("m-1", "text"))).startsWith(0, 0, 0, 0, 9);
        assertThat(registering.calls).hasValue(2);

        // given another error (the registry down), then it is thrown at once
        RegisteringStandIn down = new RegisteringStandIn(9, true);
        down.failures.add(new SerializationException("connection refused"));
        CachingAvroSerializer<NotificationRequest> failing = new CachingAvroSerializer<>(down);
        assertThatThrownBy(() -> failing.serialize(TOPIC, request("m-2", "text")))
                .isInstanceOf(SerializationException.class).hasMessage("connection refused");
        assertThat(down.calls).hasValue(1);
    }
}
