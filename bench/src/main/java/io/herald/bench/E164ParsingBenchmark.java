package io.herald.bench;

import io.herald.ingest.core.PhoneNumberNormalizer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing a recipient's number to E.164 with libphonenumber, as ingest does for every recipient: an international
 * number with spaces, a national number read in the default region NO, and an invalid one. Average time per number,
 * in ns.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class E164ParsingBenchmark {

    /** The number as a client writes it. */
    @Param({"+47 912 34 567", "912 34 567", "+47123"})
    public String raw;

    private final PhoneNumberNormalizer normalizer = new PhoneNumberNormalizer("NO");

    /** @return the E.164 number, or the reason it is not one */
    @Benchmark
    public PhoneNumberNormalizer.Result normalize() {
        return normalizer.normalize(raw);
    }
}
