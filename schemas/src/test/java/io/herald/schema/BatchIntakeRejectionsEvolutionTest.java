package io.herald.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code BatchIntake.rejections} against the schema before it: both directions of a rolling upgrade read
 * {@code notify.batches} (an old status view ignores the list, a new one reads old intakes as having none).
 */
class BatchIntakeRejectionsEvolutionTest {

    @BeforeAll
    static void trustHeraldsClasses() {
        TrustedAvroClasses.install();
    }

    /** The schema as it was before the field. */
    private static Schema before() throws IOException {
        ObjectNode schema = (ObjectNode) new ObjectMapper().readTree(BatchIntake.getClassSchema().toString());
        ArrayNode fields = (ArrayNode) schema.get("fields");
        assertThat(fields.get(fields.size() - 1).get("name").asText()).isEqualTo("rejections");
        fields.remove(fields.size() - 1);
        return new Schema.Parser().parse(schema.toString());
    }

    private static BatchIntake intake() {
        return BatchIntake.newBuilder().setBatchId("b-1").setSource(BatchSource.REST).setChannel(Channel.SMS)
                .setAccepted(3).setRejected(2).setTimestamp(Instant.parse("2026-12-08T10:00:00Z"))
                .setClientId("acme")
                .setRejections(List.of(new RecipientRejection(1, "+47 12", "not a valid phone number",
                        "/recipients/1/to"), new RecipientRejection(4, null, "missing variable 'code'",
                        "/recipients/4/vars")))
                .build();
    }

    @Test
    void bothSchemasReadEachOther() throws IOException {
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(BatchIntake.getClassSchema(), before())
                .getType()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(before(), BatchIntake.getClassSchema())
                .getType()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void anOldIntakeHasNoRejectionsAndANewOneKeepsThemWhereAnOldReaderSkipsThem() throws IOException {
        Schema old = before();
        GenericRecord record = new GenericData.Record(old);
        record.put("batchId", "b-0");
        record.put("source", new GenericData.EnumSymbol(old.getField("source").schema(), "REST"));
        record.put("channel", new GenericData.EnumSymbol(old.getField("channel").schema(), "SMS"));
        record.put("accepted", 1);
        record.put("rejected", 1);
        record.put("timestamp", 1L);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(old).write(record, encoder);
        encoder.flush();
        BatchIntake read = new SpecificDatumReader<BatchIntake>(old, BatchIntake.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        assertThat(read.getRejected()).isEqualTo(1);
        assertThat(read.getRejections()).isNull();

        ByteArrayOutputStream written = new ByteArrayOutputStream();
        BinaryEncoder newEncoder = EncoderFactory.get().binaryEncoder(written, null);
        new SpecificDatumWriter<>(BatchIntake.class).write(intake(), newEncoder);
        newEncoder.flush();
        GenericRecord byOld = new GenericDatumReader<GenericRecord>(BatchIntake.getClassSchema(), old)
                .read(null, DecoderFactory.get().binaryDecoder(written.toByteArray(), null));
        assertThat(byOld.get("rejected")).isEqualTo(2);
        assertThat(byOld.getSchema().getField("rejections")).isNull();
        BatchIntake byNew = new SpecificDatumReader<>(BatchIntake.class)
                .read(null, DecoderFactory.get().binaryDecoder(written.toByteArray(), null));
        assertThat(byNew.getRejections()).extracting(RecipientRejection::getIndex).containsExactly(1, 4);
        assertThat(byNew.getRejections().get(1).getTo()).isNull();
    }
}
