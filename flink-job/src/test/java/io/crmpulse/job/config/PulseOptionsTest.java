package io.crmpulse.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The declarations are complete: no key or variable is declared but left out of its list. */
class PulseOptionsTest {

    @Test
    void everyDeclaredSettingIsInExactlyOneSection() throws Exception {
        List<Object> declared = constants(PulseOptions.class, Setting.class);
        // The Kafka sections' columns are declared as maps, role to setting.
        for (Object columns : constants(PulseOptions.class, Map.class)) {
            ((Map<?, ?>) columns)
                    .values().stream().filter(Setting.class::isInstance).forEach(declared::add);
        }
        List<Object> listed = new ArrayList<>();
        PulseOptions.SECTIONS.forEach(section -> listed.addAll(section.settings()));

        assertThat(listed).containsExactlyInAnyOrderElementsOf(declared);
    }

    @Test
    void everyDeclaredVariableIsListedOnce() throws Exception {
        assertThat(new ArrayList<Object>(PulseEnvironment.VARIABLES))
                .containsExactlyInAnyOrderElementsOf(
                        constants(PulseEnvironment.class, PulseEnvironment.Variable.class));
    }

    @Test
    void aDefaultOutsideItsRangeFailsTheDeclaration() {
        assertThatThrownBy(() -> Setting.of("alerts.x", Accepts.integer(1, 12), 0, "x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("alerts.x: the default 0 is not a whole number from 1 to 12");
    }

    @Test
    void aKeyOutsideASectionFailsTheDeclaration() {
        assertThatThrownBy(() -> Setting.of("overlap", Accepts.integer(0, 1), 0, "x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("overlap: a key is section.name");
    }

    private static List<Object> constants(Class<?> holder, Class<?> type) throws Exception {
        List<Object> out = new ArrayList<>();
        for (Field field : holder.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())
                    && Modifier.isPublic(field.getModifiers())
                    && field.getType() == type) {
                out.add(field.get(null));
            }
        }
        return out;
    }
}
