package io.herald.ingest.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fingerprint of a request body that an {@code Idempotency-Key} is bound to: the SHA-256 (FIPS 180-4), in lower
 * case hex, of the parsed request written back as JSON with map entries (e.g. {@code vars}) sorted by key. So bodies
 * that differ only in white space, in the order of an object's fields, or in writing {@code 42} or {@code "42"} as a
 * variable have the same hash; any other difference changes it.
 */
public final class RequestHash {

    private final ObjectWriter writer;

    /** @param mapper the service's mapper, which read the request */
    public RequestHash(ObjectMapper mapper) {
        this.writer = mapper.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .without(SerializationFeature.INDENT_OUTPUT);
    }

    /**
     * @param request the parsed request (a record, so its fields are written in declaration order)
     * @return 64 lower-case hex digits
     * @throws IllegalArgumentException if the request cannot be written as JSON (a bug)
     */
    public String of(Object request) {
        try {
            byte[] canonical = writer.writeValueAsString(request).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the request cannot be written as JSON", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
