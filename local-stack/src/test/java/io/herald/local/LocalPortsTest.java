package io.herald.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LocalPortsTest {

    @Test
    void aTakenPortFailsWithAMessageNamingPortAndService() throws IOException {
        // given a port someone listens on
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName(LocalPorts.HOST), 0));
            int port = taken.getLocalPort();

            // when / then
            assertThatThrownBy(() -> LocalPorts.requireFree(port, ServicePort.KAFKA))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessage("port " + port + " (Kafka broker) on 127.0.0.1 is already in use")
                    .satisfies(e -> {
                        assertThat(((PortInUseException) e).port()).isEqualTo(port);
                        assertThat(((PortInUseException) e).service()).isEqualTo(ServicePort.KAFKA);
                    });
        }
    }

    @Test
    void aFreePortPasses() {
        // given
        int port = FreePorts.pick();

        // when / then
        assertThatCode(() -> LocalPorts.requireFree(port, ServicePort.REGISTRY)).doesNotThrowAnyException();
    }

    @Test
    void freePortsAreDistinct() {
        // when
        int[] ports = FreePorts.pick(5);

        // then
        assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(5);
        assertThat(Arrays.stream(ports).boxed().toList()).allMatch(p -> p > 0 && p < 65536);
    }

    @Test
    void resolvingSeveralPortsPicksDistinctFreeOnesForTheZerosAndKeepsTheRest() {
        // when two zeros are resolved beside a fixed port and "off"
        int[] resolved = LocalPorts.resolveAll(0, 19092, 0, -1);

        // then the zeros became two distinct ports, and the others are as given
        assertThat(resolved[0]).isPositive().isNotEqualTo(resolved[2]);
        assertThat(resolved[2]).isPositive();
        assertThat(resolved[1]).isEqualTo(19092);
        assertThat(resolved[3]).isEqualTo(-1);
    }
}
