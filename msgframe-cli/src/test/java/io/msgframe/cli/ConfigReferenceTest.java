package io.msgframe.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigReferenceTest {

    @Test
    void committedReferenceMatchesTheDeclarationTables() throws Exception {
        Path doc = Path.of("..", "docs", "configuration.md");
        assertThat(doc).as("docs/configuration.md; regenerate with ConfigReference.main").exists();
        assertThat(Files.readString(doc, StandardCharsets.UTF_8))
                .as("docs/configuration.md is stale; regenerate it with io.msgframe.cli.ConfigReference")
                .isEqualTo(ConfigReference.render());
    }

    @Test
    void referenceListsEverySubsystem() {
        assertThat(ConfigReference.render())
                .contains("## Broker", "## Store", "## Network (broker side)", "## Name server")
                .contains("`autoCreateTopicEnable`", "`flushMode`", "`listenPort`", "`kvConfigPath`");
    }
}
