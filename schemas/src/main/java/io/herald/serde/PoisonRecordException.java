package io.herald.serde;

import java.util.OptionalInt;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A record value that no retry will make readable: not in the Confluent wire format, a schema id the registry does not
 * know, a writer schema that is not the record type the reader expects, or a body that does not fit its schema. The
 * dispatcher sends such a record to the DLQ; the Kafka Streams apps skip it ({@link SkipPoisonRecordsHandler}).
 */
public final class PoisonRecordException extends SerializationException {
    private static final long serialVersionUID = 1L;

    /** No schema id: the value is not in the Confluent wire format. */
    public static final int NO_SCHEMA_ID = -1;

    private final int schemaId;

    /**
     * @param schemaId the value's schema id, or {@link #NO_SCHEMA_ID}
     * @param message why the value is poison, without its content
     * @param cause what the Avro deserializer threw, or null
     */
    public PoisonRecordException(int schemaId, String message, Throwable cause) {
        super(message, cause);
        this.schemaId = schemaId;
    }

    /** @return the value's schema id, or empty if it had none */
    public OptionalInt schemaId() {
        return schemaId == NO_SCHEMA_ID ? OptionalInt.empty() : OptionalInt.of(schemaId);
    }
}
