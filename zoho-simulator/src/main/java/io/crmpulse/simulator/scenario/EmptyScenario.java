package io.crmpulse.simulator.scenario;

import io.crmpulse.simulator.world.CrmWorld;
import java.time.ZoneId;

/** No records and no live changes: tests build the world themselves. */
final class EmptyScenario implements Scenario {

    @Override
    public String name() {
        return "empty";
    }

    @Override
    public void writeHistory(CrmWorld world, ZoneId userZone) {
        // nothing: the point of this scenario
    }
}
