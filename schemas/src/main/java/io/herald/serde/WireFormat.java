package io.herald.serde;

import java.nio.ByteBuffer;
import java.util.OptionalInt;

/**
 * The Confluent wire format of a record value, as Confluent's {@code KafkaAvroSerializer} and Apicurio's serde with
 * {@code apicurio.registry.as-confluent=true} write it: byte 0 is the magic byte {@code 0}, bytes 1–4 the schema id
 * (big-endian), then the Avro binary encoding (Avro 1.12 specification, "Binary Encoding").
 */
public final class WireFormat {

    /** The magic byte that opens every value. */
    public static final byte MAGIC_BYTE = 0;

    /** Bytes before the Avro body: the magic byte and the 4-byte schema id. */
    public static final int HEADER_LENGTH = 5;

    private WireFormat() {
    }

    /**
     * @param value a record value, or null
     * @return its schema id, or empty if the value is null, shorter than {@value #HEADER_LENGTH} bytes or does not
     *     open with the magic byte
     */
    public static OptionalInt schemaId(byte[] value) {
        if (value == null || value.length < HEADER_LENGTH || value[0] != MAGIC_BYTE) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(ByteBuffer.wrap(value, 1, 4).getInt());
    }

    /**
     * Writes the header of a value.
     *
     * @param schemaId the registry's id of the writer schema
     * @param into a buffer with at least {@value #HEADER_LENGTH} bytes left; its position moves past the header
     */
    public static void writeHeader(int schemaId, ByteBuffer into) {
        into.put(MAGIC_BYTE).putInt(schemaId);
    }
}
