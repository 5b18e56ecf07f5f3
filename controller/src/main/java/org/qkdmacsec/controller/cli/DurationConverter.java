package org.qkdmacsec.controller.cli;

import java.time.Duration;
import org.qkdmacsec.config.Durations;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code 90s}, {@code 10m}, {@code 1h}, {@code 1d} or ISO-8601 ({@code PT90S}), as in the inventory. */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return Durations.parse(value).orElseThrow(() -> new TypeConversionException(
                "'" + value + "' is not a duration (use 90s, 10m, 1h, 1d or PT90S)"));
    }
}
