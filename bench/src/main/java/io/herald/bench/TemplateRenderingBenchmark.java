package io.herald.bench;

import io.herald.ingest.core.MessageTemplate;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Template rendering as ingest does it: the batch's template parsed once, then rendered per recipient with its
 * variables. Average time, in ns, of one parse and of one rendering.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TemplateRenderingBenchmark {

    private static final String TEXT = "Hi {{name}}, your order {{order}} ships on {{day}}. Code: {{code}}. \\{{not a"
            + " placeholder}}";

    private final Map<String, String> vars = Map.of("name", "Ola Nordmann", "order", "A-17", "day", "Tuesday",
            "code", "482913");
    private MessageTemplate template;

    /** Parses the template once, as a batch does. */
    @Setup
    public void setUp() {
        template = MessageTemplate.parse(TEXT);
    }

    /** @return the parsed template (once per batch) */
    @Benchmark
    public MessageTemplate parse() {
        return MessageTemplate.parse(TEXT);
    }

    /** @return one recipient's text */
    @Benchmark
    public String render() {
        return template.render(vars);
    }
}
