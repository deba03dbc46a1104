package io.herald.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/**
 * What the SUPPRESSED and CANCELLED symbols and the enum default mean for readers of notify.status (Avro schema resolution, spec
 * "Schema Resolution": an unknown writer symbol takes the reader enum's default, else it is an error).
 */
class DeliveryStateEvolutionTest {

    private static final String SUPPRESSED_SYMBOL = ",\"SUPPRESSED\"";

    private static byte[] suppressedStatus() throws IOException {
        return status(DeliveryState.SUPPRESSED);
    }

    private static byte[] status(DeliveryState state) throws IOException {
        DeliveryStatus status = DeliveryStatus.newBuilder()
                .setMessageId("m-1").setBatchId("b-1").setState(state)
                .setErrorCode(state.name()).setSegments(0).setTimestamp(Instant.parse("2026-11-27T10:00:00Z"))
                .setAttempt(1).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(DeliveryStatus.class).write(status, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static GenericRecord readWith(Schema reader, byte[] bytes) throws IOException {
        return new GenericDatumReader<GenericRecord>(DeliveryStatus.getClassSchema(), reader)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    }

    /** The current schema's JSON with SUPPRESSED removed, i.e. a reader one symbol behind. */
    private static String withoutSuppressed() {
        String json = DeliveryStatus.getClassSchema().toString(false);
        assertThat(json).contains(SUPPRESSED_SYMBOL);
        return json.replace(SUPPRESSED_SYMBOL, "");
    }

    @Test
    void newSymbolsAreAppendedAndTheEnumDefaultIsFailed() {
        Schema state = DeliveryStatus.getClassSchema().getField("state").schema();
        assertThat(state.getEnumSymbols()).containsExactly("SENT", "FAILED", "DELIVERED", "UNDELIVERED", "EXPIRED",
                "REJECTED", "SUPPRESSED", "CANCELLED");
        assertThat(state.getEnumDefault()).isEqualTo("FAILED");
    }

    @Test
    void aReaderWithTheDefaultButWithoutTheSymbolReadsSuppressedAsFailed() throws IOException {
        // given a reader schema that has the enum default but not yet a newer symbol
        Schema reader = new Schema.Parser().parse(withoutSuppressed());
        // when it reads a SUPPRESSED status
        GenericRecord read = readWith(reader, suppressedStatus());
        // then the state resolves to the default
        assertThat(read.get("state").toString()).isEqualTo("FAILED");
    }

    @Test
    void aReaderOneSymbolBehindReadsCancelledAsFailed() throws IOException {
        // given the schema of a release that knew SUPPRESSED but not CANCELLED
        String json = DeliveryStatus.getClassSchema().toString(false);
        assertThat(json).contains(",\"CANCELLED\"");
        Schema reader = new Schema.Parser().parse(json.replace(",\"CANCELLED\"", ""));
        // when it reads a CANCELLED status
        GenericRecord read = readWith(reader, status(DeliveryState.CANCELLED));
        // then the state resolves to the default, and the record stays readable
        assertThat(read.get("state").toString()).isEqualTo("FAILED");
        assertThat(read.get("messageId").toString()).isEqualTo("m-1");
    }

    @Test
    void aReaderFromBeforeSuppressedWithoutTheDefaultCannotReadIt() {
        // given the schema as it was before this change: no SUPPRESSED, no enum default
        String before = withoutSuppressed().replace(",\"default\":\"FAILED\"", "");
        Schema reader = new Schema.Parser().parse(before);
        assertThat(reader.getField("state").schema().getEnumDefault()).isNull();
        // when / then: such readers must be upgraded before dispatchers write SUPPRESSED
        assertThatThrownBy(() -> readWith(reader, suppressedStatus())).isInstanceOf(AvroTypeException.class);
    }
}
