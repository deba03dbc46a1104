package io.herald.ingest.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bulk loader's Kafka Streams metrics: bound while it runs, removed when it stops. No broker is needed. */
class BulkLoaderMetricsTest {

    @TempDir
    Path stateDir;

    @Test
    void shouldBindItsKafkaStreamsMetricsWhileItRuns() {
        // given a loader of a one-step topology, and no broker at its address
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("bulk-metrics-in").to("bulk-metrics-out");
        BulkLoader loader = new BulkLoader(builder.build(), (host, port) -> Map.of(), Optional::empty, registry);

        // when it starts
        loader.start(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "bulk-metrics-" + UUID.randomUUID(),
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
                StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()));
        try {
            // then its client-level Streams metrics are in the registry
            assertThat(registry.getMeters()).extracting(meter -> meter.getId().getName())
                    .contains("kafka.stream.alive.stream.threads");
        } finally {
            loader.awaitClose(Duration.ofSeconds(30));
        }

        // and gone once it stopped
        assertThat(registry.getMeters()).extracting(Meter::getId).extracting(Meter.Id::getName)
                .noneMatch(name -> name.startsWith("kafka.stream."));
    }
}
