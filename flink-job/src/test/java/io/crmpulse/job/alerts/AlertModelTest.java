package io.crmpulse.job.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.job.model.Alert;
import io.crmpulse.job.model.LeadCountDelta;
import io.crmpulse.job.model.LeadSnapshot;
import io.crmpulse.job.model.LeadTransition;
import io.crmpulse.job.model.OwnerLeadChange;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

/** Every record and state type of the rules is a Flink POJO, with no generic (Kryo) field. */
class AlertModelTest {

    private static final List<Class<?>> TYPES =
            List.of(
                    Alert.class,
                    LeadSnapshot.class,
                    LeadTransition.class,
                    LeadCountDelta.class,
                    OwnerLeadChange.class,
                    SubjectDayState.class,
                    SubjectState.class,
                    CooldownState.class,
                    UntouchedLeadState.class,
                    OwnerState.class,
                    DealInfoState.class);

    @Test
    void flinkSerializesEveryTypeAsAPojoWithoutKryo() {
        ExecutionConfig config = new ExecutionConfig();
        config.disableGenericTypes();
        for (Class<?> type : TYPES) {
            TypeInformation<?> info = TypeInformation.of(type);
            assertThat(info).as(type.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
            // Throws for a generic type anywhere inside, as the job's disableGenericTypes() would.
            info.createSerializer(
                    new SerializerConfigImpl(
                            new org.apache.flink.configuration.Configuration(), config));
        }
    }

    @Test
    void anAlertIdIsRuleSubjectWindowAndSeverity() {
        assertThat(Alert.idOf("R1_JUNK_SPIKE", "source:Web", "2026-03-09", "warning"))
                .isEqualTo("R1_JUNK_SPIKE/source:Web/2026-03-09/warning");
    }
}
