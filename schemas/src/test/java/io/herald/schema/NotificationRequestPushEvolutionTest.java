package io.herald.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/**
 * The push fields of notify.requests against readers and writers of the schema before them (Avro schema resolution):
 * BACKWARD compatible, so that new dispatchers read what older ingest instances wrote; a PUSH record is unreadable by an
 * older dispatcher, so dispatchers are upgraded before ingest takes push batches (docs/push.md).
 */
class NotificationRequestPushEvolutionTest {

    private static final List<String> PUSH_FIELDS = List.of("platform", "title", "data", "ttlSeconds", "collapseKey",
            "priority", "badge", "sound");

    /** The schema as it was before push: no PUSH symbol, none of the push fields. */
    private static Schema before() throws IOException {
        ObjectNode schema = (ObjectNode) new ObjectMapper().readTree(NotificationRequest.getClassSchema().toString());
        ArrayNode fields = (ArrayNode) schema.get("fields");
        for (Iterator<JsonNode> it = fields.elements(); it.hasNext(); ) {
            JsonNode field = it.next();
            if (PUSH_FIELDS.contains(field.get("name").asText())) {
                it.remove();
            } else if (field.get("name").asText().equals("channel")) {
                ArrayNode symbols = (ArrayNode) field.get("type").get("symbols");
                assertThat(symbols.get(symbols.size() - 1).asText()).isEqualTo("PUSH");
                symbols.remove(symbols.size() - 1);
            }
        }
        return new Schema.Parser().parse(schema.toString());
    }

    private static NotificationRequest.Builder base(Channel channel) {
        return NotificationRequest.newBuilder().setMessageId("m-1").setBatchId("b-1").setChannel(channel)
                .setRecipient("+4791234567").setSender("HERALD").setText("Hi")
                .setCreatedAt(Instant.parse("2026-12-07T10:00:00Z"));
    }

    private static byte[] write(NotificationRequest request) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(NotificationRequest.class).write(request, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Test
    void theNewSchemaCanReadWhatTheOldOneWrote() throws IOException {
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(NotificationRequest.getClassSchema(), before())
                .getType()).isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        // given an SMS request written with the old schema
        Schema old = before();
        GenericRecord record = new GenericData.Record(old);
        record.put("messageId", "m-1");
        record.put("batchId", "b-1");
        record.put("channel", new GenericData.EnumSymbol(old.getField("channel").schema(), "SMS"));
        record.put("recipient", "+4791234567");
        record.put("sender", "HERALD");
        record.put("text", "Hi");
        record.put("createdAt", 1L);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(old).write(record, encoder);
        encoder.flush();

        // when today's reader reads it
        GenericRecord read = new GenericDatumReader<GenericRecord>(old, NotificationRequest.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));

        // then every push field takes its default
        assertThat(read.get("channel").toString()).isEqualTo("SMS");
        for (String field : PUSH_FIELDS) {
            assertThat(read.get(field)).as(field).isNull();
        }
    }

    @Test
    void anOlderReaderReadsSmsButNotPush() throws IOException {
        Schema old = before();
        byte[] sms = write(base(Channel.SMS).build());
        byte[] push = write(base(Channel.PUSH).setRecipient("ab".repeat(32)).setPlatform(PushPlatform.IOS)
                .setTitle("T").setData(Map.of("k", "v")).setPriority(PushPriority.NORMAL).build());

        GenericRecord read = new GenericDatumReader<GenericRecord>(NotificationRequest.getClassSchema(), old)
                .read(null, DecoderFactory.get().binaryDecoder(sms, null));
        assertThat(read.get("text").toString()).isEqualTo("Hi");
        assertThatThrownBy(() -> new GenericDatumReader<GenericRecord>(NotificationRequest.getClassSchema(), old)
                .read(null, DecoderFactory.get().binaryDecoder(push, null))).isInstanceOf(AvroTypeException.class);
    }
}
