package io.herald.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeraldStackBuilderTest {

    @Test
    void dispatchersWithoutASimulatorAreRefusedBeforeAnythingStarts(@TempDir Path dir) throws Exception {
        // given a checkout with nothing built
        Files.createFile(dir.resolve("pom.xml"));
        Files.createDirectory(dir.resolve("schemas"));
        HeraldStackBuilder builder = HeraldStack.builder(HeraldHome.of(dir), dir.resolve("work")).withoutSmsc()
                .dispatchers(1);

        // when / then
        assertThatThrownBy(builder::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dispatchers need the simulator");
        assertThat(dir.resolve("work")).doesNotExist();
    }

    @Test
    void aStackWhoseServersAreNotBuiltFailsNamingTheMissingArtifact(@TempDir Path dir) throws Exception {
        // given a checkout without local-servers/target
        Files.createFile(dir.resolve("pom.xml"));
        Files.createDirectory(dir.resolve("schemas"));

        // when / then: the broker's classpath folder is what is missing, and nothing keeps running
        assertThatThrownBy(() -> HeraldStack.builder(HeraldHome.of(dir), dir.resolve("work")).start())
                .isInstanceOf(MissingArtifactException.class)
                .hasMessageContaining("local-servers/target/kafka/lib");
    }
}
