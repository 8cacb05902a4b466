package io.crmpulse.sinks.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    @Test
    void flinkSerializesADeadLetterAsAPojoNotWithKryo() {
        assertThat(TypeInformation.of(DeadLetter.class)).isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void aDeadLetterIsKeyedByModuleAndRecordId() {
        DeadLetter letter =
                DeadLetter.of(
                        "Deals", "42", "Amount is not a number: \"abc\"", "{}", Instant.EPOCH);

        assertThat(letter.getId()).isEqualTo("Deals:42");
    }

    @Test
    void aDeadLetterWithoutRecordIdIsKeyedByTheHashOfItsPayload() {
        DeadLetter letter = DeadLetter.of("Leads", null, "no id", "{}", Instant.EPOCH);

        // sha256("{}")
        assertThat(letter.getId())
                .isEqualTo(
                        "Leads:sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
        assertThat(DeadLetter.of("Leads", "", "no id", "{}", Instant.EPOCH).getId())
                .isEqualTo(letter.getId());
    }

    @Test
    void toStringLeavesOutThePayload() {
        DeadLetter letter =
                DeadLetter.of(
                        "Leads", "9", "Created_Time is missing", "{\"Email\":\"jane@x.io\"}", null);

        assertThat(letter.toString()).doesNotContain("jane@x.io").contains("Leads:9");
    }
}
