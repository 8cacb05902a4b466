package io.crmpulse.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.job.alerts.CooldownState;
import io.crmpulse.job.alerts.DealInfoState;
import io.crmpulse.job.alerts.OwnerState;
import io.crmpulse.job.alerts.SubjectDayState;
import io.crmpulse.job.alerts.SubjectState;
import io.crmpulse.job.alerts.UntouchedLeadState;
import io.crmpulse.job.model.DealLifecycleState;
import io.crmpulse.job.model.LeadSnapshot;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The POJOs the job keeps in keyed state keep their names. Flink's POJO serializer writes a state's
 * class name into every checkpoint and savepoint, and a restore cannot follow a class that was
 * renamed or moved to another package (Flink's documentation, "State Schema Evolution": the class
 * name of a POJO type, its namespace included, cannot change). So these classes stay where they are
 * when their rule's or function's code moves; moving one breaks every restore of an earlier
 * savepoint or retained checkpoint.
 */
class KeyedStateClassNamesTest {

    @Test
    void keyedStatePojosKeepTheClassNamesThatSavepointsRecord() {
        assertThat(
                        Stream.of(
                                        CooldownState.class,
                                        DealInfoState.class,
                                        OwnerState.class,
                                        SubjectDayState.class,
                                        SubjectState.class,
                                        UntouchedLeadState.class,
                                        DealLifecycleState.class,
                                        LeadSnapshot.class)
                                .map(Class::getName))
                .containsExactly(
                        "io.crmpulse.job.alerts.CooldownState",
                        "io.crmpulse.job.alerts.DealInfoState",
                        "io.crmpulse.job.alerts.OwnerState",
                        "io.crmpulse.job.alerts.SubjectDayState",
                        "io.crmpulse.job.alerts.SubjectState",
                        "io.crmpulse.job.alerts.UntouchedLeadState",
                        "io.crmpulse.job.model.DealLifecycleState",
                        "io.crmpulse.job.model.LeadSnapshot");
    }
}
