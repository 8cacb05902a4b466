package io.crmpulse.sinks.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class OutboxMessageTest {

    @Test
    void flinkSerializesItAsAPojoWithGenericTypesDisabled() throws Exception {
        TypeInformation<OutboxMessage> type = TypeInformation.of(OutboxMessage.class);
        ExecutionConfig config = new ExecutionConfig();
        config.disableGenericTypes();
        @SuppressWarnings("deprecation")
        TypeSerializer<OutboxMessage> serializer = type.createSerializer(config);
        OutboxMessage alert =
                OutboxMessage.alert(
                        "junk_spike:Google Ads:2026-03-02T10",
                        "warning",
                        "Junk spike",
                        Instant.parse("2026-03-02T10:00:00Z"));

        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(alert, out);
        OutboxMessage copy =
                serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(type).isInstanceOf(PojoTypeInfo.class);
        assertThat(copy).isEqualTo(alert);
    }

    @Test
    void aSummaryIsKeyedByItsDayAndHasNoSeverity() {
        OutboxMessage summary =
                OutboxMessage.summary(LocalDate.of(2026, 3, 2), "Today: 42 leads", Instant.EPOCH);

        assertThat(summary.getKind()).isEqualTo("summary");
        assertThat(summary.getRef()).isEqualTo("2026-03-02");
        assertThat(summary.getSeverity()).isNull();
    }
}
