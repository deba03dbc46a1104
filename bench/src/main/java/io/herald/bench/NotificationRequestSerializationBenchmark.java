package io.herald.bench;

import io.herald.schema.Channel;
import io.herald.schema.NotificationRequest;
import io.herald.schema.TrustedAvroClasses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A {@code NotificationRequest} to and from the Confluent wire format (magic byte 0, 4-byte schema id, Avro binary)
 * as the registry serdes write it once the schema id is cached: the per-record cost of every ingest write and
 * dispatcher read. Average time per record, in ns.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NotificationRequestSerializationBenchmark {

    private static final int SCHEMA_ID = 42;

    static {
        TrustedAvroClasses.install();  // as every Herald serde does: Avro 1.12 refuses untrusted classes
    }

    private final SpecificDatumWriter<NotificationRequest> writer =
            new SpecificDatumWriter<>(NotificationRequest.class);
    private final SpecificDatumReader<NotificationRequest> reader =
            new SpecificDatumReader<>(NotificationRequest.class);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    private BinaryEncoder encoder;
    private BinaryDecoder decoder;
    private NotificationRequest request;
    private byte[] wire;

    /** A typical SMS request: a one-time code to a Norwegian number. */
    @Setup
    public void setUp() throws IOException {
        request = NotificationRequest.newBuilder()
                .setMessageId(UUID.randomUUID().toString())
                .setBatchId(UUID.randomUUID().toString())
                .setChannel(Channel.SMS)
                .setRecipient("+4791234567")
                .setSender("HERALD")
                .setText("Your code is 482913. It expires in 10 minutes. Do not share it with anyone.")
                .setCreatedAt(Instant.parse("2026-11-28T12:00:00Z"))
                .setClientId("shop")
                .build();
        wire = serialize();
    }

    /** @return the request in wire format */
    @Benchmark
    public byte[] serialize() throws IOException {
        out.reset();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(SCHEMA_ID).array());
        encoder = EncoderFactory.get().binaryEncoder(out, encoder);
        writer.write(request, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** @return the request read back from wire format */
    @Benchmark
    public NotificationRequest deserialize() throws IOException {
        if (wire[0] != 0 || ByteBuffer.wrap(wire, 1, 4).getInt() != SCHEMA_ID) {
            throw new IllegalStateException("not the Confluent wire format");
        }
        decoder = DecoderFactory.get().binaryDecoder(wire, 5, wire.length - 5, decoder);
        return reader.read(null, decoder);
    }
}
