package io.herald.ingest.resources;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.herald.ingest.api.ErrorCode;
import io.herald.ingest.api.FieldError;
import io.herald.ingest.api.JsonPointers;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Answers a body Jackson could not read with a 400 problem whose {@code errors} entry points (JSON Pointer, RFC 6901)
 * at the offending place: {@code malformed-json} for a syntax error, {@code invalid-request} for a wrong type or an
 * unknown field; {@code malformed-json} too for a body past Jackson's stream limits (a name over 50,000 characters, a
 * number over 1,000 digits, nesting over 1,000 levels). The detail is written here, never Jackson's message, which
 * names Java classes.
 */
public final class JsonExceptionMapper implements ExceptionMapper<JsonProcessingException> {

    /** Jackson's ", from `StreamReadConstraints.getMaxNameLength()`": a Java method, nothing to a client. */
    private static final Pattern CONSTRAINT_SOURCE = Pattern.compile(",? from `[^`]*`");
    private static final Pattern SOURCE_SUFFIX =
            Pattern.compile("\\s*\\(?(start marker )?at \\[Source:.*", Pattern.DOTALL);

    @Override
    public Response toResponse(JsonProcessingException exception) {
        if (exception instanceof StreamConstraintsException limit) {
            // A name, number or string longer than Jackson reads, or nesting deeper (StreamReadConstraints).
            String detail = "the body exceeds a JSON limit: " + withoutSource(CONSTRAINT_SOURCE.matcher(
                    String.valueOf(limit.getOriginalMessage())).replaceAll(""));
            return ProblemResponse.of(ErrorCode.MALFORMED_JSON, detail, List.of(new FieldError("", detail))).build();
        }
        if (exception instanceof StreamReadException syntax) {
            return malformed(syntax, parserPointer(syntax));
        }
        if (exception instanceof JsonMappingException mapping) {
            // Databind wraps a syntax error met inside a nested value, adding the path to it.
            for (Throwable cause = mapping.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof StreamReadException syntax) {
                    return malformed(syntax, JsonPointers.of(mapping.getPath()));
                }
            }
            String pointer = JsonPointers.of(mapping.getPath());
            String detail = detail(mapping);
            return ProblemResponse.of(ErrorCode.INVALID_REQUEST, pointer.isEmpty() ? detail : pointer + " " + detail,
                    List.of(new FieldError(pointer, detail))).build();
        }
        // Not a reading error (JsonGenerationException: writing our own answer failed): a bug.
        return new UnexpectedExceptionMapper().toResponse(exception);
    }

    private static String parserPointer(StreamReadException exception) {
        JsonParser parser = exception.getProcessor();
        return parser == null || parser.getParsingContext() == null
                ? ""
                : parser.getParsingContext().pathAsPointer().toString();
    }

    private static Response malformed(StreamReadException exception, String pointer) {
        JsonLocation location = exception.getLocation();
        String where = location == null ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        String detail = "malformed JSON" + where + ": " + withoutSource(exception.getOriginalMessage());
        return ProblemResponse.of(ErrorCode.MALFORMED_JSON, detail, List.of(new FieldError(pointer, detail))).build();
    }

    /** Drops Jackson's "(start marker at [Source: …])" suffixes, which say nothing to a client. */
    private static String withoutSource(String message) {
        if (message == null) {
            return "syntax error";
        }
        return SOURCE_SUFFIX.matcher(message).replaceAll("").strip();
    }

    private static String detail(JsonMappingException exception) {
        if (exception instanceof UnrecognizedPropertyException) {
            return "is not a known field";
        }
        if (exception instanceof MismatchedInputException mismatch) {
            if (mismatch.getPath().isEmpty() && mismatch.getTargetType() == null) {
                return "must be a JSON object";
            }
            return "must be " + describe(mismatch.getTargetType());
        }
        return "is invalid";
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "a string";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 instant with a zone, e.g. 2026-11-22T10:00:00Z";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "an object";
        }
        return "an object";
    }
}
