package io.herald.ingest.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The JSON rules of the ingest API, applied to the application's {@link ObjectMapper} (and to the tests'). */
public final class IngestJson {

    private IngestJson() {
    }

    /**
     * Makes the mapper strict where a lenient one would hide a client's mistake: unknown fields, {@code null} for a
     * number, trailing tokens after the body, duplicate keys are errors. Instants are written as ISO-8601 strings.
     *
     * @param mapper the mapper to configure in place
     * @return the same mapper
     */
    public static ObjectMapper configure(ObjectMapper mapper) {
        mapper.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return mapper
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }
}
