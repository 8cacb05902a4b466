package io.crmpulse.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code pulse.example.yaml} at the repository root, which the README points to, is every key at
 * its default: it parses through {@code --config}'s code path to exactly {@link
 * PulseSettings#defaults()}, and it names every section and key the parser accepts, so neither a
 * new key nor a changed default can leave it behind.
 */
class ExampleConfigTest {

    private static final String EXAMPLE = "pulse.example.yaml";

    @Test
    void theExampleConfigurationIsExactlyTheDefaults() {
        PulseConfig config = PulseConfig.fromEnvironment(Map.of(), false, example());

        assertThat(config.settings()).isEqualTo(PulseSettings.defaults());
    }

    @Test
    void theExampleConfigurationNamesEverySectionAndKey() throws IOException {
        JsonNode example = new YAMLMapper().readTree(Files.readString(example()));

        List<String> sections = names(example);
        assertThat(sections).containsExactlyElementsOf(allowed("no_such_section: {}\n"));
        for (String section : sections) {
            List<String> keys = new ArrayList<>();
            for (String key : names(example.get(section))) {
                keys.add(section + "." + key);
            }
            assertThat(keys)
                    .as("the keys of section %s", section)
                    .containsExactlyElementsOf(allowed(section + ":\n  no_such_key: 1\n"));
        }
    }

    /** What the parser's "unknown section" or "unknown key" message lists as allowed. */
    private static List<String> allowed(String yamlWithAnUnknownName) {
        String marker = "; allowed: ";
        Throwable refused =
                catchThrowable(() -> PulseSettings.parse(yamlWithAnUnknownName, EXAMPLE));
        assertThat(refused).isInstanceOf(ConfigException.class).hasMessageContaining(marker);
        String message = refused.getMessage();
        return Arrays.asList(
                message.substring(message.indexOf(marker) + marker.length()).split(", "));
    }

    private static List<String> names(JsonNode mapping) {
        assertThat(mapping.isObject()).as("a mapping: %s", mapping).isTrue();
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = mapping.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static Path example() {
        return RepositoryFiles.find(EXAMPLE);
    }
}
