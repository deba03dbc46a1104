package io.herald.cli.dlq;

import io.herald.cli.DurationConverter;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/**
 * Reads a point in time: an ISO-8601 instant ({@code 2026-11-29T04:00:00Z}) or a duration before now as
 * {@link DurationConverter} reads it ({@code 90s}, {@code 2h}, {@code PT30M}).
 */
public final class InstantConverter implements CommandLine.ITypeConverter<Instant> {

    private final Clock clock;

    /** Reads durations back from the system clock. */
    public InstantConverter() {
        this(Clock.systemUTC());
    }

    InstantConverter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Instant convert(String value) {
        String text = value.trim();
        if (text.indexOf('T') > 0 && !text.toUpperCase(java.util.Locale.ROOT).startsWith("P")) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not an instant; use e.g. 2026-11-29T04:00:00Z, or a duration before now such as 2h");
            }
        }
        try {
            return clock.instant().minus(new DurationConverter().convert(text));
        } catch (CommandLine.TypeConversionException e) {
            throw new CommandLine.TypeConversionException("'" + value
                    + "' is neither an instant (2026-11-29T04:00:00Z) nor a duration before now (90s, 2h, PT30M)");
        }
    }
}
