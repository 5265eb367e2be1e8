package io.msgframe.store.docs;

import io.msgframe.store.config.ConfigReference;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigReferenceTest {

    @Test
    void committedReferenceMatchesTheDeclarationTable() throws Exception {
        Path doc = Path.of("..", "docs", "configuration.md");
        assertThat(doc).as("docs/configuration.md; regenerate with ConfigReference.main").exists();
        assertThat(Files.readString(doc, StandardCharsets.UTF_8))
                .as("docs/configuration.md is stale; regenerate it with io.msgframe.store.config.ConfigReference")
                .isEqualTo(ConfigReference.render());
    }
}
