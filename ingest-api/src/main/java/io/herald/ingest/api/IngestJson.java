package io.herald.ingest.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.Instant;

/** The JSON rules of the ingest API, applied to the application's {@link ObjectMapper} (and to the tests'). */
public final class IngestJson {

    private IngestJson() {
    }

    /**
     * Makes the mapper strict where a lenient one would hide a client's mistake: unknown fields, {@code null} for a
     * number, trailing tokens after the body, duplicate keys are errors, and so is a scalar of the wrong JSON type: a
     * number or boolean where a string belongs ({@code "to": 4791234567}), a string where a number or boolean belongs
     * ({@code "maxAttempts": "3"}), and so is a number where an instant belongs ({@code "sendAt": 1700000000} would
     * be read as epoch seconds, {@code 1e999999} too). Instants are read and written as ISO-8601 strings.
     *
     * @param mapper the mapper to configure in place
     * @return the same mapper
     */
    public static ObjectMapper configure(ObjectMapper mapper) {
        mapper.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.registerModule(new SimpleModule("herald-iso-instants")
                .addDeserializer(Instant.class, new IsoInstantDeserializer()));
        return mapper
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /** An instant only from a JSON string, read as jackson-datatype-jsr310 reads one; any other token is an error. */
    private static final class IsoInstantDeserializer extends StdScalarDeserializer<Instant> {

        private static final long serialVersionUID = 1L;

        IsoInstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (Instant) context.handleUnexpectedToken(Instant.class, parser);
            }
            return InstantDeserializer.INSTANT.deserialize(parser, context);
        }
    }
}
