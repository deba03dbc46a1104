package io.herald.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeraldHomeTest {

    @TempDir
    Path temp;

    private Path checkout(String name) throws IOException {
        Path root = Files.createDirectories(temp.resolve(name));
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Files.createDirectories(root.resolve("schemas"));
        return root;
    }

    @Test
    void systemPropertyWinsOverEnvironmentAndWorkingDirectory() throws IOException {
        // given three different checkouts
        Path byProperty = checkout("a");
        Path byEnv = checkout("b");
        Path cwd = checkout("c");

        // when
        HeraldHome home = HeraldHome.locate(byProperty.toString(), byEnv.toString(), cwd);

        // then
        assertThat(home.root()).isEqualTo(byProperty.toAbsolutePath().normalize());
    }

    @Test
    void environmentIsUsedWhenThePropertyIsBlank() throws IOException {
        // given
        Path byEnv = checkout("b");

        // when
        HeraldHome home = HeraldHome.locate(" ", byEnv.toString(), temp);

        // then
        assertThat(home.root()).isEqualTo(byEnv.toAbsolutePath().normalize());
    }

    @Test
    void walksUpFromTheWorkingDirectoryToTheCheckout() throws IOException {
        // given a directory deep inside a checkout
        Path root = checkout("repo");
        Path deep = Files.createDirectories(root.resolve("cli/src/main"));

        // when
        HeraldHome home = HeraldHome.locate(null, null, deep);

        // then
        assertThat(home.root()).isEqualTo(root.toAbsolutePath().normalize());
        assertThat(home.defaultWorkDir()).isEqualTo(home.root().resolve(".herald"));
    }

    @Test
    void namingADirectoryThatIsNoCheckoutFailsWithItsSource() {
        // when / then
        assertThatThrownBy(() -> HeraldHome.locate(temp.toString(), null, temp))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("system property herald.home")
                .hasMessageContaining("not a Herald checkout");
    }

    @Test
    void aMissingArtifactNamesItsPathAndTheBuildCommand() throws IOException {
        // given a checkout where nothing is built
        HeraldHome home = HeraldHome.of(checkout("fresh"));

        // when / then
        assertThatThrownBy(home::dispatcherJar)
                .isInstanceOf(MissingArtifactException.class)
                .hasMessageContaining("dispatcher/target/dispatcher.jar")
                .hasMessageContaining("./mvnw -B install -DskipTests");
    }

    @Test
    void anExistingArtifactResolvesUnderTheRoot() throws IOException {
        // given
        Path root = checkout("built");
        Files.createDirectories(root.resolve("local-servers/target/kafka/lib"));

        // when
        Path lib = HeraldHome.of(root).kafkaLib();

        // then
        assertThat(lib).isEqualTo(root.toAbsolutePath().normalize().resolve("local-servers/target/kafka/lib"));
    }
}
