package io.herald.ingest.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.kafka.AvroBinarySerde;
import io.herald.schema.BatchIntake;
import io.herald.schema.DeliveryStatus;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status view's Kafka Streams metrics: bound while it runs, removed when it stops. No broker is needed. */
class StatusViewMetricsTest {

    @TempDir
    Path stateDir;

    @Test
    void shouldBindItsKafkaStreamsMetricsWhileItRuns() {
        // given a view, and no broker at its address
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        StatusView view = new StatusView(new AvroBinarySerde<>(DeliveryStatus.class),
                new AvroBinarySerde<>(BatchIntake.class), Optional::empty, registry);

        // when it starts
        view.start("127.0.0.1:18080", Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, "status-metrics-" + UUID.randomUUID(),
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
                StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()));
        try {
            // then its client-level Streams metrics are in the registry
            assertThat(registry.getMeters()).extracting(meter -> meter.getId().getName())
                    .contains("kafka.stream.alive.stream.threads");
        } finally {
            view.awaitClose(Duration.ofSeconds(30));
        }

        // and gone once it stopped
        assertThat(registry.getMeters()).extracting(Meter::getId).extracting(Meter.Id::getName)
                .noneMatch(name -> name.startsWith("kafka.stream."));
    }
}
