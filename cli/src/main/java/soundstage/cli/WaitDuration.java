package soundstage.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import soundstage.orchestrate.Durations;

/** The value of {@code --wait}: a number with a unit ({@code 90s}, {@code 10m}, {@code 1h}, see {@link Durations}); {@code 0} alone. */
final class WaitDuration implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        if (value.trim().equals("0")) {
            return Duration.ZERO;
        }
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage() + ".");
        }
    }
}
