package io.herald.ingest.status;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * Reads the status topology's instants, which {@link JsonSerde} writes in ISO-8601's UTC form
 * ({@code 2026-12-07T13:55:00.123Z}, as {@link Instant#toString()}), without a {@code DateTimeFormatter}: parsing them
 * through Jackson's {@link InstantDeserializer} was a sixth of the status view's CPU in the demo's profile. Any other
 * form (an offset, a number, fewer fields) goes to Jackson's deserializer, so every value it read is still read the
 * same.
 */
final class IsoInstantDeserializer extends StdScalarDeserializer<Instant> {

    private static final long serialVersionUID = 1L;
    private static final int SECONDS_PER_DAY = 86_400;
    /** Length of {@code yyyy-MM-ddTHH:mm:ssZ}. */
    private static final int SHORTEST = 20;
    /** Where year, month, day, hour, minute and second start; each but the year has two digits. */
    private static final int[] FIELD_START = {0, 5, 8, 11, 14, 17};
    private static final int[] FIELD_MIN = {0, 1, 1, 0, 0, 0};
    private static final int[] FIELD_MAX = {9999, 12, 31, 23, 59, 59};
    /** The character before each field but the year. */
    private static final String SEPARATORS = "--T::";

    IsoInstantDeserializer() {
        super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            Instant instant = parse(parser.getText());
            if (instant != null) {
                return instant;
            }
        }
        return InstantDeserializer.INSTANT.deserialize(parser, context);
    }

    /**
     * @param text an instant as {@link Instant#toString()} writes it for years 0000 to 9999
     * @return the instant, or null if the text is in another form
     */
    static Instant parse(String text) {
        int length = text.length();
        if (length < SHORTEST || text.charAt(length - 1) != 'Z') {
            return null;
        }
        int[] fields = new int[FIELD_START.length];
        for (int i = 0; i < fields.length; i++) {
            int start = FIELD_START[i];
            int end = i == 0 ? 4 : start + 2;
            fields[i] = digits(text, start, end);
            if (fields[i] < FIELD_MIN[i] || fields[i] > FIELD_MAX[i] || i > 0 && text.charAt(start - 1)
                    != SEPARATORS.charAt(i - 1)) {
                return null;
            }
        }
        int nanos = length == SHORTEST ? 0 : nanos(text);
        if (nanos < 0 || fields[2] > YearMonth.of(fields[0], fields[1]).lengthOfMonth()) {
            return null;
        }
        long epochDay = LocalDate.of(fields[0], fields[1], fields[2]).toEpochDay();
        return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + fields[3] * 3600L + fields[4] * 60L + fields[5],
                nanos);
    }

    /** @return the nanoseconds of {@code .f} to {@code .fffffffff} before the final Z, or -1 if not so */
    private static int nanos(String text) {
        int fraction = text.length() - SHORTEST - 1;
        if (text.charAt(SHORTEST - 1) != '.' || fraction < 1 || fraction > 9) {
            return -1;
        }
        int nanos = digits(text, SHORTEST, text.length() - 1);
        for (int i = fraction; i < 9 && nanos >= 0; i++) {
            nanos *= 10;
        }
        return nanos;
    }

    /** @return the number the ASCII digits in [from, to) make, or -1 if one is not a digit */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
