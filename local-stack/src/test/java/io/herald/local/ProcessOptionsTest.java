package io.herald.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcessOptionsTest {

    @Test
    void commandPutsTheHeapFirstAndTheCallersJvmOptionsAfterTheStacksOwn() {
        // given
        SchemaRegistry.Options options = SchemaRegistry.Options.in(Path.of("work")).port(0)
                .maxHeap("64m").jvmOption("-Dquarkus.log.level=DEBUG");
        JavaCommand stacks = JavaCommand.jar(Path.of("registry.jar")).jvmOption("-Dquarkus.http.port=1").args("x");

        // when
        var command = options.command(stacks);

        // then
        assertThat(command.subList(1, command.size())).containsExactly("-Xmx64m", "-Dquarkus.http.port=1",
                "-Dquarkus.log.level=DEBUG", "-jar", "registry.jar", "x");
    }

    @Test
    void commonSettersReturnTheConcreteOptionsSoTheirOwnSettersChain() {
        // when
        DispatcherProcess.Options options = DispatcherProcess.Options.in(Path.of("work")).name("dispatcher-2")
                .maxHeap("128m").kafka("127.0.0.1:1", "http://127.0.0.1:2").adminPort(0).groupId("g");

        // then
        assertThat(options.name()).isEqualTo("dispatcher-2");
        assertThat(DispatcherProcess.properties(options, 18092)).containsEntry("instance.id", "dispatcher-2")
                .containsEntry("admin.port", "18092").containsEntry("group.id", "g")
                .containsEntry("bootstrap.servers", "127.0.0.1:1").containsEntry("registry.url", "http://127.0.0.1:2")
                .containsEntry("receipts.state.dir",
                        Path.of("work").toAbsolutePath().resolve("receipts-state").resolve("dispatcher-2").toString());
    }
}
